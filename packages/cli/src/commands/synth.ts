import { syntheticStateDirectory } from "@tenprint/demo";
import type { Command } from "commander";
import { registerSynthDirectoryCommand } from "./directory.js";
import { registerSynthFingerCommands } from "./synth-finger.js";
import { registerSynthGalleryCommand } from "./synth-gallery.js";
import { registerSynthPopulationCommands } from "./synth-population.js";

/** The `synth` command group: synthetic fingerprints (and, from the population side, people and bookings). */
export function registerSynthCommands(program: Command): void {
  const synth = program
    .command("synth")
    .description("synthetic fingerprints, people and bookings (all synthetic)");
  registerSynthFingerCommands(synth);
  registerSynthGalleryCommand(synth);
  registerSynthPopulationCommands(synth);
  registerSynthDirectoryCommand(synth, syntheticStateDirectory);
}
