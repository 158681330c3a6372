/**
 * Writes enrolment input for `tenprint enrol` benchmarks: TEMPLATES synthetic identities as ISO/IEC
 * 19794-2 templates in one JSONL file, and EBTS identities as CAR files with sketch-rendered WSQ prints.
 *   npx tsx packages/hub/bench/enrolment-files.ts DIR TEMPLATES EBTS
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeIso19794_2 } from "@tenprint/afis";
import { encodeWsq, serializeTransaction } from "@tenprint/nist";
import {
  bookingCar,
  bookingFingerImages,
  generateBookings,
  generateJurisdictions,
  generatePopulation,
  sketchRenderer,
  syntheticTemplate,
} from "@tenprint/synth";

const [dir = "/tmp/enrol-bench", templates = "10000", ebts = "100"] = process.argv.slice(2);
mkdirSync(join(dir, "templates"), { recursive: true });
mkdirSync(join(dir, "ebts"), { recursive: true });
const lines: string[] = [];
for (let i = 0; i < Number(templates); i++) {
  lines.push(
    JSON.stringify({
      identity: `TPL${String(i).padStart(8, "0")}`,
      synthetic: true,
      name: { surname: "TEMPLATE", given: `PERSON ${i}` },
      dateOfBirth: "19800101",
      sex: "X",
      prints: Array.from({ length: 10 }, (_, f) => ({
        position: f + 1,
        base64: Buffer.from(
          writeIso19794_2(syntheticTemplate({ seed: 19, identity: i, finger: f + 1, impression: 1 }), {
            position: f + 1,
          }),
        ).toString("base64"),
      })),
    }),
  );
}
writeFileSync(join(dir, "templates", "records.jsonl"), `${lines.join("\n")}\n`);
const population = generatePopulation({
  people: Math.max(1, Number(ebts)),
  seed: "enrol-bench",
  states: ["VA"],
});
const jurisdictions = generateJurisdictions({ seed: "enrol-bench", states: ["VA"] });
const [booking] = generateBookings({ population, jurisdictions, seed: "enrol-bench", state: "VA" }, 1);
if (!booking) throw new Error("no booking generated");
for (let i = 0; i < Number(ebts); i++) {
  const person = population.people[i]!;
  const fbiNumber = `${String(i).padStart(6, "0")}EB${i % 10}`;
  const car = bookingCar(
    {
      ...booking,
      tcn: `SYNBENCH${String(i).padStart(6, "0")}`,
      subject: { ...booking.subject, name: person.name, fbiNumber },
    },
    bookingFingerImages(person, 1, sketchRenderer, (image) => ({
      compression: "WSQ20",
      data: encodeWsq(image, { bitrate: 0.75 }),
    })),
  );
  writeFileSync(join(dir, "ebts", `${fbiNumber}.eft`), serializeTransaction(car));
}
process.stdout.write(`${templates} template records and ${ebts} EBTS files in ${dir}\n`);
