/** The demo hub (`tenprint demo`, `npm start`): a hub serving the console, fed with synthetic bookings. */
export { DEMO_PARAMETERS } from "./demo/demo-parameters.js";
export { type DemoOptions, DemoPortBusyError, runDemo } from "./demo/run-demo.js";
/** The directory (states, agencies, jurisdictions) of synthetic states, as `tenprint directory import` reads it. */
export { syntheticDirectory, syntheticStateDirectory } from "./demo/synthetic-directory.js";
/** A simulated year of bookings through the hub's own services, with its reports and ground truth. */
export {
  SimulationOptionError,
  type SimulationOptions,
  type SimulationSummary,
  simulateYear,
} from "./simulation/simulated-year.js";
export { type SimulationTemplates, synthTemplates } from "./simulation/simulation-templates.js";
