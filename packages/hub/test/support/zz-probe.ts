import { extractTemplate, TenprintGallery } from "@tenprint/afis";
import type { GrayImage } from "@tenprint/nist";
import { generatePopulation, sketchRenderer } from "@tenprint/synth";
import { decideIdentification, galleryRepository } from "../../src/index.js";

const W = Number(process.argv[2] ?? 128);
function crop(image: GrayImage, size: number): GrayImage {
  const x0 = Math.floor((image.width - size) / 2),
    y0 = Math.floor((image.height - size) / 2);
  const pixels = new Uint8Array(size * size);
  for (let y = 0; y < size; y++)
    pixels.set(
      image.pixels.subarray((y0 + y) * image.width + x0, (y0 + y) * image.width + x0 + size),
      y * size,
    );
  return { width: size, height: size, ppi: 500, pixels };
}
const pop = generatePopulation({ people: 120, seed: "probe", states: ["VA"] });
let t = performance.now();
const imgs = pop.people.map((p) =>
  p.fingers.map((f) => crop(sketchRenderer({ finger: f, kind: "rolled", impression: 1 }), W)),
);
console.log("render ms/person", (performance.now() - t) / pop.people.length);
t = performance.now();
const tpls = imgs.map((fs) => fs.map((im) => extractTemplate(im)));
console.log("extract ms/person", (performance.now() - t) / pop.people.length);
console.log(
  "minutiae",
  tpls.slice(0, 5).map((fs) => fs.map((x: any) => x.minutiae.length).join(",")),
);
const g = new TenprintGallery({ workers: 0 });
const repo = galleryRepository(g);
for (let i = 0; i < 40; i++)
  await repo.enrol(
    { identity: pop.people[i]!.id },
    tpls[i]!.map((template, k) => ({ position: k + 1, template })),
  );
let tp = 0,
  fp = 0,
  wrong = 0;
t = performance.now();
for (let i = 0; i < 120; i++) {
  const r = await repo.identify(tpls[i]!.map((template, k) => ({ position: k + 1, template })));
  const m = decideIdentification(r);
  if (i < 40) {
    if (m?.identity === pop.people[i]!.id) tp++;
    else wrong++;
  } else if (m) fp++;
}
console.log("search ms", (performance.now() - t) / 120, { tp, wrong, fp });
await g.close();
