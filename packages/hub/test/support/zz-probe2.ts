import { createHash } from "node:crypto";
import { extractTemplate, TenprintGallery } from "@tenprint/afis";
import { generatePopulation, type ImpressionRenderer } from "@tenprint/synth";
import { decideIdentification, galleryRepository } from "../../src/index.js";

const SIZE = Number(process.argv[2] ?? 128);
const N = Number(process.argv[3] ?? 12);
function rng(seed: string) {
  let h = createHash("sha256").update(seed).digest();
  let i = 0;
  return () => {
    if (i + 4 > h.length) {
      h = createHash("sha256").update(h).digest();
      i = 0;
    }
    const v = h.readUInt32BE(i) / 2 ** 32;
    i += 4;
    return v;
  };
}
const render: ImpressionRenderer = ({ finger }) => {
  const r = rng(`rk/${finger.seed}`);
  const theta = r() * Math.PI,
    period = 8 + r() * 2,
    curve = (r() - 0.5) * 0.01;
  const ang = r() * 2 * Math.PI,
    dist = 40 + r() * 160;
  const cx0 = SIZE / 2 + dist * Math.cos(ang),
    cy0 = SIZE / 2 + dist * Math.sin(ang);
  const skew = (r() - 0.5) * 1.2;
  const pts = Array.from({ length: N }, () => ({
    x: 12 + r() * (SIZE - 24),
    y: 12 + r() * (SIZE - 24),
    s: r() < 0.5 ? 1 : -1,
  }));
  const px = new Uint8Array(SIZE * SIZE);
  const w = (2 * Math.PI) / period;
  const c = Math.cos(theta),
    s = Math.sin(theta);
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) {
      const dx = x - cx0,
        dy = y - cy0;
      let ph = w * (Math.sqrt(dx * dx + dy * dy) + skew * dx);
      for (const p of pts) ph += p.s * Math.atan2(y - p.y, x - p.x);
      px[y * SIZE + x] = 128 + 100 * Math.cos(ph);
    }
  return { width: SIZE, height: SIZE, ppi: 500, pixels: px };
};
const pop = generatePopulation({ people: 400, seed: "probe", states: ["VA"] });
let t = performance.now();
const imgs = pop.people.map((p) =>
  p.fingers.map((f) => render({ finger: f, kind: "rolled", impression: 1 })),
);
console.log("render ms/person", (performance.now() - t) / pop.people.length);
t = performance.now();
const tpls = imgs.map((fs) => fs.map((im) => extractTemplate(im)));
console.log("extract ms/person", (performance.now() - t) / pop.people.length);
console.log(
  "minutiae",
  tpls.slice(0, 4).map((fs) => fs.map((x: any) => x.minutiae.length).join(",")),
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
for (let i = 0; i < 400; i++) {
  const r = await repo.identify(tpls[i]!.map((template, k) => ({ position: k + 1, template })));
  const m = decideIdentification(r);
  if (i < 40) {
    if (m?.identity === pop.people[i]!.id) tp++;
    else wrong++;
  } else if (m) fp++;
}
console.log("search ms", (performance.now() - t) / 400, { tp, wrong, fp });
await g.close();
