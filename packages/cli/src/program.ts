import { readFileSync } from "node:fs";
import { Command, Help } from "commander";

type Register = (program: Command) => void;

/**
 * A top-level command as `tenprint --help` lists it. Its module, with the packages it pulls in (the hub,
 * the engine, the synthetic world), is imported only when the command runs: `tenprint nist dump` never
 * loads the hub. `term` is what follows the name in the list; `module` names the loader shared by the
 * commands one module registers (demo and showcase, purge and retention, backup and restore).
 * packages/cli/test/program-commands.test.ts checks this table against the commands the modules register.
 */
export interface CommandEntry {
  readonly name: string;
  readonly term?: string;
  readonly description: string;
  readonly module: keyof typeof MODULES;
}

const MODULES = {
  nist: () => import("./commands/nist.js").then((m) => m.registerNistCommands),
  wsq: () => import("./commands/wsq.js").then((m) => m.registerWsqCommands),
  afis: () => import("./commands/afis.js").then((m) => m.registerAfisCommands),
  synth: () => import("./commands/synth.js").then((m) => m.registerSynthCommands),
  demo: () => import("./commands/demo.js").then((m) => m.registerDemoCommand),
  serve: () => import("./commands/serve.js").then((m) => m.registerServeCommand),
  matcher: () => import("./commands/matcher.js").then((m) => m.registerMatcherCommand),
  extractor: () => import("./commands/extractor.js").then((m) => m.registerExtractorCommand),
  cluster: () => import("./commands/cluster.js").then((m) => m.registerClusterCommands),
  keys: () => import("./commands/keys.js").then((m) => m.registerKeyCommands),
  enrol: () => import("./commands/enrol.js").then((m) => m.registerEnrolCommand),
  record: () => import("./commands/record.js").then((m) => m.registerRecordCommands),
  audit: () => import("./commands/audit.js").then((m) => m.registerAuditCommands),
  retention: () => import("./commands/retention.js").then((m) => m.registerRetentionCommands),
  report: () => import("./commands/report.js").then((m) => m.registerReportCommands),
  plan: () => import("./commands/plan.js").then((m) => m.registerPlanCommands),
  directory: () => import("./commands/directory.js").then((m) => m.registerDirectoryCommands),
  backup: () => import("./commands/backup.js").then((m) => m.registerBackupCommands),
  simulate: () => import("./commands/simulate.js").then((m) => m.registerSimulateCommand),
} satisfies Record<string, () => Promise<Register>>;

/** In the order of `tenprint --help`; a module's commands are adjacent, in the order it registers them. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: "nist", module: "nist", description: "ANSI/NIST-ITL transactions: dump, validate, rewrite, build" },
  { name: "wsq", module: "wsq", description: "WSQ fingerprint image compression (FBI WSQ v3.1)" },
  {
    name: "afis",
    module: "afis",
    description: "fingerprint engine: extract, compare, evaluate, identify, benchmark",
  },
  {
    name: "synth",
    module: "synth",
    description: "synthetic fingerprints, people and bookings (all synthetic)",
  },
  {
    name: "demo",
    term: "[options]",
    module: "demo",
    description:
      "what npm start runs: the hub on the embedded database with a synthetic state streaming bookings through it",
  },
  {
    name: "showcase",
    term: "[options]",
    module: "demo",
    description:
      "the codec and engine end to end in one go: a synthetic state, bookings, SRE responses, an ERRT",
  },
  {
    name: "serve",
    term: "[options]",
    module: "serve",
    description: "run the hub: API, workflow and delivery (DATABASE_URL, PORT, WORKERS from the environment)",
  },
  {
    name: "matcher",
    term: "[options]",
    module: "matcher",
    description: "serve one shard of a repository's gallery on a NATS JetStream farm",
  },
  {
    name: "extractor",
    term: "[options]",
    module: "extractor",
    description: "extract booking images for the hubs of a NATS farm (a queue group: start any number)",
  },
  { name: "cluster", module: "cluster", description: "the matcher farm on NATS JetStream" },
  {
    name: "keys",
    module: "keys",
    description: "agency API keys (DATABASE_URL if set, else the embedded database)",
  },
  {
    name: "enrol",
    term: "[options] <paths...>",
    module: "enrol",
    description:
      "enrol existing records with their prints from EBTS files or ISO/ANSI templates plus JSON records (docs/enrolment-format.md)",
  },
  {
    name: "record",
    module: "record",
    description: "expunge or correct a repository record (decision 0018), with an audited tombstone",
  },
  { name: "audit", module: "audit", description: "the hub's hash-chained audit log" },
  {
    name: "purge",
    term: "[options]",
    module: "retention",
    description: "delete what the retention policy no longer keeps, audited (DATABASE_URL or --data)",
  },
  {
    name: "retention",
    module: "retention",
    description: "the retention policy per repository and message type (changes are audited)",
  },
  {
    name: "report",
    module: "report",
    description: "statistics and accountability reports from the hub's database",
  },
  {
    name: "plan",
    module: "plan",
    description: "the deployment plan: sites, progress by region and state, changes, regions",
  },
  {
    name: "directory",
    module: "directory",
    description: "import and export the agency directory (DATABASE_URL if set, else the embedded database)",
  },
  {
    name: "backup",
    term: "[options]",
    module: "backup",
    description:
      "back up the embedded database to one file, consistent even while the hub runs (a server: pg_dump, docs/deploy.md)",
  },
  {
    name: "restore",
    term: "[options] <file>",
    module: "backup",
    description: "restore a backup into a new embedded database directory, then verify its audit chain",
  },
  {
    name: "simulate",
    term: "[options]",
    module: "simulate",
    description: "simulate a synthetic state's year through the hub and write its reports (SYNTHETIC data)",
  },
];

/** The version `tenprint --version` prints: the CLI package's own, read where it is installed. */
function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  return String(manifest.version);
}

/** The top-level command `argv` runs: its first word, or the one after `help`; undefined for none. */
export function invokedCommand(argv: readonly string[]): string | undefined {
  const words = argv.filter((arg) => !arg.startsWith("-"));
  return words[0] === "help" ? words[1] : words[0];
}

/**
 * The program with every top-level command listed, but only the modules `load` names imported and
 * registered; every other command is a name and a description for the help and for commander's "did you
 * mean". Loads all modules when `load` is "all".
 */
export async function buildProgram(load: string | undefined | "all"): Promise<Command> {
  const program = new Command("tenprint")
    .description("Tenprint: ANSI/NIST-ITL, EBTS and WSQ tools, fingerprint engine, interoperability hub")
    .version(cliVersion(), "-V, --version", "print the version of tenprint")
    .exitOverride();
  const wanted = new Set(
    COMMANDS.filter((entry) => load === "all" || entry.name === load).map((entry) => entry.module),
  );
  const terms = new Map<Command, string>();
  const loaded = new Set<string>();
  for (const entry of COMMANDS) {
    if (wanted.has(entry.module)) {
      if (loaded.has(entry.module)) continue;
      loaded.add(entry.module);
      const register: Register = await MODULES[entry.module]();
      register(program);
    } else {
      const placeholder = program.command(entry.name).description(entry.description);
      terms.set(placeholder, entry.term === undefined ? entry.name : `${entry.name} ${entry.term}`);
    }
  }
  const help = new Help();
  program.configureHelp({ subcommandTerm: (command) => terms.get(command) ?? help.subcommandTerm(command) });
  return program;
}
