// `npm run bench -w packages/synth`: both halves of the package, one after the other.
await import("./fingerprint.js");
await import("./population-bench.js");
