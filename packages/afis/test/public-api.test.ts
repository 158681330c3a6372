import { expect, it } from "vitest";

// The package's public API (decision 0013): a name added here is a promise to users, so a change to this
// list is a change to review, not a side effect of exporting a helper for a test.
it("exports exactly its documented runtime names", async () => {
  const names = Object.keys(await import("../src/index.js")).sort();
  expect(names).toMatchInlineSnapshot(`
    [
      "DEFAULT_CALIBRATION",
      "ENGINE_PPI",
      "ExtractionError",
      "FingerprintMatcher",
      "SearchThreads",
      "TENPRINT_TEMPLATE_VERSION",
      "TemplateError",
      "TenprintGallery",
      "calibratedFmr",
      "clopperPearson",
      "computeErrorRates",
      "detCurve",
      "detPlotSvg",
      "envelopeCalibration",
      "extractTemplate",
      "fitScoreCalibration",
      "fmrForFpir",
      "fmrForScore",
      "fnirAt",
      "fnirAtFpir",
      "fpirAt",
      "fpirForFmr",
      "fusedFmr",
      "hubDecisionRates",
      "kolmogorovSurvival",
      "listFvcFiles",
      "ppiForDatabase",
      "rankOneRate",
      "readAnsi378",
      "readIso19794_2",
      "readMinutiaeRecord",
      "readTemplate",
      "readTenprintTemplate",
      "runFvcProtocol",
      "scoreAtFmr",
      "sniffTemplateFormat",
      "splitFingers",
      "thresholdForFmr",
      "thresholdForFpir",
      "twoSampleKs",
      "writeAnsi378",
      "writeIso19794_2",
      "writeMinutiaeRecord",
      "writeTemplate",
      "writeTenprintTemplate",
      "zeroErrorUpperBound",
    ]
  `);
});
