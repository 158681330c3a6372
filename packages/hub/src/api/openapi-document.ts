import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from "kysely";
import type { SubmissionService } from "../services/submission-service.js";
import type { HubDatabase } from "../storage/database-schema.js";
import { createApi } from "./create-api.js";

/**
 * The hub's OpenAPI document, built from the routes' own schemas without a database: what `/docs`
 * serves, for code generators (the console's typed client is generated from it at build time). The
 * demo-only sign-in route is included so that its shape is documented too.
 */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const db = new Kysely<HubDatabase>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (kysely) => new PostgresIntrospector(kysely),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  const submissions: Pick<SubmissionService, "submit"> = {
    submit: () => Promise.reject(new Error("the OpenAPI document's hub has no database")),
  };
  const app = createApi({ db, submissions }, { signInAs: [] });
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
    await db.destroy();
  }
}
