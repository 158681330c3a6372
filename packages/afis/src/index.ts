/**
 * The fingerprint engine: minutiae extraction, ISO/IEC 19794-2 and ANSI INCITS 378 templates, calibrated
 * 1:1 comparison and 1:N ten-print search (packages/afis/README.md).
 *
 * @module @tenprint/afis
 */
export {
  type BinomialInterval,
  clopperPearson,
  zeroErrorUpperBound,
} from "./evaluation/binomial-interval.js";
export { type DetSeries, detPlotSvg } from "./evaluation/det-plot.js";
export { computeErrorRates, type ErrorRates } from "./evaluation/error-rates.js";
export {
  type EvaluationSet,
  type EvaluationSetEntry,
  type EvaluationSetManifest,
  splitFingers,
} from "./evaluation/evaluation-sets.js";
export { type FvcImageFile, listFvcFiles, ppiForDatabase } from "./evaluation/fvc-files.js";
export {
  type FvcResult,
  type FvcSample,
  runFvcProtocol,
  type ScoredPair,
} from "./evaluation/fvc-protocol.js";
export {
  detCurve,
  fnirAt,
  fnirAtFpir,
  fpirAt,
  hubDecisionRates,
  type MatedSearch,
  type NonMatedSearch,
  type OperatingPoint,
  rankOneRate,
  thresholdForFpir,
} from "./evaluation/identification-rates.js";
export {
  type KsResult,
  kolmogorovSurvival,
  scoreAtFmr,
  twoSampleKs,
} from "./evaluation/score-distributions.js";
export { type ExtractOptions, extractTemplate } from "./extractor/extract-template.js";
export { ExtractionError } from "./extractor/extraction-error.js";
export { DEFAULT_CALIBRATION } from "./matcher/default-calibration.js";
export {
  type Alignment,
  FingerprintMatcher,
  type MatchExplanation,
  type MinutiaPair,
} from "./matcher/fingerprint-matcher.js";
export {
  calibratedFmr,
  envelopeCalibration,
  type FmrEstimate,
  fitScoreCalibration,
  fmrForFpir,
  fmrForScore,
  fpirForFmr,
  fusedFmr,
  type ScoreCalibration,
  thresholdForFmr,
} from "./matcher/score-calibration.js";
export { ENGINE_PPI, type FingerprintTemplate, type Minutia, type MinutiaType } from "./minutia.js";
export type { ProbeFinger } from "./search/search-kernel.js";
export { SearchThreads } from "./search/search-threads.js";
export {
  type EnrolledFinger,
  type EnrolmentItem,
  type FingerScore,
  type GalleryOptions,
  type SearchCandidate,
  type SearchOptions,
  type SearchResult,
  TenprintGallery,
} from "./search/tenprint-gallery.js";
export {
  type FingerView,
  type MinutiaeRecord,
  type RecordViewInput,
  readAnsi378,
  readIso19794_2,
  readMinutiaeRecord,
  type StandardTemplateFormat,
  writeAnsi378,
  writeIso19794_2,
  writeMinutiaeRecord,
} from "./templates/minutiae-record.js";
export {
  readTemplate,
  sniffTemplateFormat,
  type TemplateFormat,
  writeTemplate,
} from "./templates/template-codec.js";
export { TemplateError } from "./templates/template-error.js";
export {
  readTenprintTemplate,
  TENPRINT_TEMPLATE_VERSION,
  writeTenprintTemplate,
} from "./templates/tenprint-template.js";
