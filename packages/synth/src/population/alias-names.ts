import type { PersonName } from "@tenprint/nist";
import type { SeededRandom } from "../seeded-random.js";
import type { WeightedTable } from "../weighted-table.js";

/** EBTS 2.018/2.019 hold "SURNAME,GIVEN MIDDLE" in at most 30 characters. */
export const MAX_NAME_LENGTH = 30;

export function nameLength(name: PersonName): number {
  return name.surname.length + 1 + name.given.length + (name.middle ? name.middle.length + 1 : 0);
}

/** Shortens a name to fit 2.018: drops the middle name, then the second part of a compound surname. */
export function fitName(name: PersonName): PersonName {
  let fitted = name;
  if (nameLength(fitted) > MAX_NAME_LENGTH && fitted.middle)
    fitted = { surname: fitted.surname, given: fitted.given };
  if (nameLength(fitted) > MAX_NAME_LENGTH)
    fitted = { ...fitted, surname: fitted.surname.split(" ")[0] ?? fitted.surname };
  if (nameLength(fitted) > MAX_NAME_LENGTH)
    fitted = { ...fitted, given: fitted.given.split(" ")[0] ?? fitted.given };
  return fitted;
}

function misspell(text: string, random: SeededRandom): string {
  if (text.length < 4) return `${text}${text.at(-1)}`;
  const at = random.int(1, text.length - 2);
  return random.chance(0.5)
    ? text.slice(0, at) + text.slice(at + 1)
    : text.slice(0, at) + text[at] + text.slice(at);
}

/**
 * Aliases of the kinds booking records accumulate: a misspelt surname, given and surname swapped, another
 * given name, a second surname used alone (Hispanic compound surnames) or another family name.
 */
export function drawAlias(
  name: PersonName,
  surnames: WeightedTable<string>,
  givenNames: WeightedTable<string>,
  random: SeededRandom,
): PersonName {
  const kind = random.int(0, 3);
  const compound = name.surname.split(" ");
  if (kind === 0) return fitName({ surname: misspell(name.surname, random), given: name.given });
  if (kind === 1 && !name.given.includes(" ")) return fitName({ surname: name.given, given: name.surname });
  if (kind === 2) return fitName({ ...name, given: givenNames.sample(random) });
  if (compound.length === 2) return fitName({ surname: compound[1]!, given: name.given });
  return fitName({ surname: surnames.sample(random), given: name.given });
}

export function sameName(a: PersonName, b: PersonName): boolean {
  return a.surname === b.surname && a.given === b.given && a.middle === b.middle;
}
