/**
 * What the template-level generator draws, as numbers a fit can change. COMPETING_TEMPLATE_MODEL is
 * fitted to templates the engine extracts from rendered prints, so that a rendered probe scores against
 * a generated distractor as it scores against another rendered person (docs/decisions/0014). The fit is
 * `packages/synth/bench/fit-template-model.ts` on a tuning set of rendered fingers; its check runs on a
 * separate validation set.
 */
export interface TemplateModel {
  /**
   * Whether minutia senses follow the sense field (and directions, qualities and spurious minutiae are
   * drawn as the fit requires); false keeps the baseline draws exactly: a random sense per minutia.
   */
  readonly senseField: boolean;
  /** Minutiae of the whole master finger (uniform range); impressions cut their contact region from it. */
  readonly masterMinutiae: readonly [number, number];
  /** Share of the master's minutiae an impression loses (uniform range). */
  readonly missing: readonly [number, number];
  /** Spurious minutiae added, as a share of those kept (uniform range). */
  readonly spurious: readonly [number, number];
  /** Standard deviation of the extracted direction around the ridge flow, degrees. */
  readonly angleNoiseDegrees: number;
  readonly bifurcationShare: number;
  /** Direction (ISO angle, radians; −π/2 = down the finger) the sense field points on average. */
  readonly senseAngle: number;
  /** Probability that a minutia points the way the master's sense field points along its ridge. */
  readonly senseCoherence: number;
  /** Amplitude of the sense field's variation across the finger, radians. */
  readonly senseSwing: number;
  /** Wavelength of that variation, pixels. */
  readonly senseWavelength: number;
  /** Minutia qualities as equal-probability quantiles (each entry is drawn with probability 1/length). */
  readonly quality: readonly number[];
}

/**
 * Fitted by fit-template-model.ts on 300 rendered tuning fingers (seed 0x54554e45; 80 rolled probes
 * against 80 other rendered fingers and against 80 generated ones). Directions follow the ridge flow
 * exactly and all point down the finger: any direction noise or random sense lowers the generated
 * impostors' scores far below the rendered ones (decision 0014 lists the figures). The master carries
 * more minutiae than a rendered print shows, which is what brings the scores up to the rendered ones.
 */
export const COMPETING_TEMPLATE_MODEL: TemplateModel = {
  senseField: true,
  masterMinutiae: [107, 176],
  missing: [0.06, 0.22],
  spurious: [0.015, 0.07],
  angleNoiseDegrees: 0,
  bifurcationShare: 0.3,
  senseAngle: -Math.PI / 2,
  senseCoherence: 1,
  senseSwing: 0,
  senseWavelength: 300,
  quality: [36, 55, 64, 70, 74, 79, 82, 86, 89, 93, 96, 98, 99, 100, 100, 100, 100, 100, 100, 100],
};

/**
 * The template generator as it was before decision 0014: random senses, 7° of direction noise. Its
 * identities are nearly independent of each other (impostor scores far below rendered people's), which
 * is what template-level people need when they are probed against template-level galleries (the
 * simulated year, the afis search bench): the competing model's identities resemble each other more
 * than rendered people do. Reproduces the former templates exactly.
 */
export const BASELINE_TEMPLATE_MODEL: TemplateModel = {
  senseField: false,
  masterMinutiae: [70, 115],
  missing: [0.06, 0.22],
  spurious: [0.03, 0.14],
  angleNoiseDegrees: 7,
  bifurcationShare: 0.45,
  senseAngle: 0,
  senseCoherence: 0.5,
  senseSwing: 0,
  senseWavelength: 300,
  quality: [60],
};

/**
 * Which generator a template request names: the baseline or competing minutiae model, or "chimeric":
 * regions of templates extracted from rendered source fingers (chimeric-template.ts, decision 0023).
 */
export type TemplateModelName = "baseline" | "competing" | "chimeric";

/**
 * The generator of the distractors that galleries searched with rendered prints enrol (the demo, the
 * hub bench, the 1:N identification bench). Chimeric since decision 0023: its impostor scores against
 * rendered probes pass the check that the competing model failed.
 */
export const DISTRACTOR_TEMPLATE_MODEL: TemplateModelName = "chimeric";

/** The minutiae model of a name; "chimeric" has none (it draws no minutiae), so it is an error here. */
export function templateModel(name: TemplateModelName = "baseline"): TemplateModel {
  if (name === "chimeric") throw new RangeError("the chimeric generator has no minutiae model");
  return name === "competing" ? COMPETING_TEMPLATE_MODEL : BASELINE_TEMPLATE_MODEL;
}
