import {
  DEFAULT_DATA_DIR,
  DeploymentPlanService,
  type HubDatabaseHandle,
  openHubDatabase,
  PLAN_ACTIONS,
  type PlanChange,
  type ProgressFigures,
} from "@tenprint/hub";
import type { Command } from "commander";

const CLI_ACTOR = { actor: "cli", ori: "" };

async function withPlan(data: string | undefined, use: (plan: DeploymentPlanService) => Promise<void>) {
  const handle: HubDatabaseHandle = await openHubDatabase({
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: data ?? DEFAULT_DATA_DIR,
    mustExist: true,
  });
  try {
    await use(new DeploymentPlanService(handle.db));
  } finally {
    await handle.close();
  }
}

function figures(f: ProgressFigures): string {
  const share = f.activatedShare === null ? "—" : `${(f.activatedShare * 100).toFixed(1)} %`;
  return (
    `${String(f.sites).padStart(5)} sites  ${String(f.activated).padStart(5)} activated (${share})  ` +
    `${f.scheduled} scheduled  ${f.deferred} deferred  ${f.planned} planned  ${f.overdue} overdue  ` +
    `facilities ${f.facilitiesActivated}/${f.facilities}  next ${f.nextScheduled ?? "—"}`
  );
}

const dataOption = `embedded database directory (default ${DEFAULT_DATA_DIR})`;

/**
 * `tenprint plan`: the deployment plan on the hub's database (DATABASE_URL, else the embedded one) —
 * sites and their history, progress by region and state, changes (audited, actor `cli`) and regions.
 */
export function registerPlanCommands(program: Command): void {
  const plan = program
    .command("plan")
    .description("the deployment plan: sites, progress by region and state, changes, regions");
  plan
    .command("show")
    .description("every site (county or correctional facility) with its status and dates")
    .option("--state <XX>", "one state")
    .option("--json", "as JSON, with each site's history")
    .option("--data <dir>", dataOption)
    .action(async (options: { state?: string; json?: boolean; data?: string }) => {
      await withPlan(options.data, async (service) => {
        const sites = await service.plan("ALL", options.state?.toUpperCase());
        if (options.json) {
          process.stdout.write(`${JSON.stringify(sites, null, 2)}\n`);
          return;
        }
        for (const site of sites)
          process.stdout.write(
            `${site.id.padEnd(10)} ${site.kind.padEnd(8)} ${site.status.padEnd(9)} ` +
              `${site.activatedAt ?? site.scheduledAt ?? "".padEnd(10)}  ${site.name}` +
              `${site.deferredReason ? `  (deferred: ${site.deferredReason})` : ""}\n`,
          );
      });
    });
  plan
    .command("progress")
    .description("the plan's progress as figures by region and state")
    .option("--json", "as JSON")
    .option("--data <dir>", dataOption)
    .action(async (options: { json?: boolean; data?: string }) => {
      await withPlan(options.data, async (service) => {
        const regions = await service.progress("ALL");
        if (options.json) {
          process.stdout.write(`${JSON.stringify(regions, null, 2)}\n`);
          return;
        }
        for (const region of regions) {
          process.stdout.write(`${region.region ?? "-"} ${region.name}: ${figures(region)}\n`);
          for (const state of region.states) process.stdout.write(`  ${state.state}  ${figures(state)}\n`);
        }
      });
    });
  plan
    .command("change")
    .description("SCHEDULE, MOVE (date and reason), DEFER (reason) or ACTIVATE (date) a site; audited")
    .argument("<site>", "the site's id (county FIPS or facility ORI)")
    .argument("<action>", PLAN_ACTIONS.join("|"))
    .option("--date <YYYY-MM-DD>", "the new date (SCHEDULE, MOVE, ACTIVATE)")
    .option("--reason <text>", "why (MOVE and DEFER need one)")
    .option("--data <dir>", dataOption)
    .action(
      async (site: string, action: string, options: { date?: string; reason?: string; data?: string }) => {
        const upper = action.toUpperCase();
        if (!(PLAN_ACTIONS as readonly string[]).includes(upper))
          throw new Error(`<action> must be one of ${PLAN_ACTIONS.join(", ")}, got ${action}`);
        const need = (value: string | undefined, option: string): string => {
          if (value === undefined) throw new Error(`${upper} needs ${option}`);
          return value;
        };
        const change: PlanChange =
          upper === "DEFER"
            ? { action: "DEFER", reason: need(options.reason, "--reason") }
            : upper === "MOVE"
              ? {
                  action: "MOVE",
                  date: need(options.date, "--date"),
                  reason: need(options.reason, "--reason"),
                }
              : upper === "SCHEDULE"
                ? {
                    action: "SCHEDULE",
                    date: need(options.date, "--date"),
                    ...(options.reason ? { reason: options.reason } : {}),
                  }
                : { action: "ACTIVATE", date: need(options.date, "--date") };
        await withPlan(options.data, async (service) => {
          const entry = await service.change("ALL", site, change, CLI_ACTOR);
          process.stdout.write(
            `${entry.id} ${entry.status} ${entry.activatedAt ?? entry.scheduledAt ?? ""}${entry.deferredReason ? ` (${entry.deferredReason})` : ""}\n`,
          );
        });
      },
    );
  plan
    .command("regions")
    .description("the programme's regions with their states and coordinator")
    .option("--data <dir>", dataOption)
    .option("--json", "print the regions as a JSON array")
    .action(async (options: { data?: string; json?: boolean }) => {
      await withPlan(options.data, async (service) => {
        const regions = await service.regions();
        if (options.json) {
          process.stdout.write(`${JSON.stringify(regions)}\n`);
          return;
        }
        for (const region of regions)
          process.stdout.write(
            `${region.id.padEnd(6)} ${region.name.padEnd(24)} coordinator ${region.coordinatorOri ?? "—"}  ${region.states.join(" ")}\n`,
          );
      });
    });
  plan
    .command("region")
    .description("create or replace a region (its states leave any other region); audited")
    .argument("<id>", "the region's id, e.g. R3")
    .requiredOption("--name <name>", "the region's name")
    .requiredOption("--states <XX,YY>", "comma-separated state codes")
    .option("--coordinator <ori>", "the ORI whose PMO keys become the region's coordinator")
    .option("--data <dir>", dataOption)
    .action(
      async (id: string, options: { name: string; states: string; coordinator?: string; data?: string }) => {
        const states = options.states
          .split(",")
          .map((s) => s.trim().toUpperCase())
          .filter(Boolean);
        const bad = states.find((s) => !/^[A-Z]{2}$/.test(s));
        if (bad) throw new Error(`--states must be two-letter codes, got ${bad}`);
        const coordinator = options.coordinator?.toUpperCase() ?? null;
        if (coordinator !== null && !/^[A-Z]{2}[A-Z0-9]{7}$/.test(coordinator))
          throw new Error(`--coordinator must be a nine-character ORI, got ${options.coordinator}`);
        await withPlan(options.data, async (service) => {
          const region = await service.setRegion(
            { id, name: options.name, states, coordinatorOri: coordinator },
            CLI_ACTOR,
          );
          process.stdout.write(`${region.id} ${region.name}: ${region.states.join(" ")}\n`);
        });
      },
    );
}
