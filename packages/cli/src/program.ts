import { readFileSync } from "node:fs";
import { Command } from "commander";
import { registerAfisCommands } from "./commands/afis.js";
import { registerAuditCommands } from "./commands/audit.js";
import { registerBackupCommands } from "./commands/backup.js";
import { registerClusterCommands } from "./commands/cluster.js";
import { registerDemoCommand } from "./commands/demo.js";
import { registerDirectoryCommands } from "./commands/directory.js";
import { registerEnrolCommand } from "./commands/enrol.js";
import { registerExtractorCommand } from "./commands/extractor.js";
import { registerKeyCommands } from "./commands/keys.js";
import { registerMatcherCommand } from "./commands/matcher.js";
import { registerNistCommands } from "./commands/nist.js";
import { registerPlanCommands } from "./commands/plan.js";
import { registerRecordCommands } from "./commands/record.js";
import { registerReportCommands } from "./commands/report.js";
import { registerRetentionCommands } from "./commands/retention.js";
import { registerServeCommand } from "./commands/serve.js";
import { registerSimulateCommand } from "./commands/simulate.js";
import { registerSynthCommands } from "./commands/synth.js";
import { registerWsqCommands } from "./commands/wsq.js";

/** The version `tenprint --version` prints: the CLI package's own, read where it is installed. */
function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  return String(manifest.version);
}

export function buildProgram(): Command {
  const program = new Command("tenprint")
    .description("Tenprint: ANSI/NIST-ITL, EBTS and WSQ tools, fingerprint engine, interoperability hub")
    .version(cliVersion(), "-V, --version", "print the version of tenprint")
    .exitOverride();
  registerNistCommands(program);
  registerWsqCommands(program);
  registerAfisCommands(program);
  registerSynthCommands(program);
  registerDemoCommand(program);
  registerServeCommand(program);
  registerMatcherCommand(program);
  registerExtractorCommand(program);
  registerClusterCommands(program);
  registerKeyCommands(program);
  registerEnrolCommand(program);
  registerRecordCommands(program);
  registerAuditCommands(program);
  registerRetentionCommands(program);
  registerReportCommands(program);
  registerPlanCommands(program);
  registerDirectoryCommands(program);
  registerBackupCommands(program);
  registerSimulateCommand(program);
  return program;
}
