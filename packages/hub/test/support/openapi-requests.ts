import fc from "fast-check";

/**
 * Requests generated from the hub's OpenAPI document for route fuzzing: every operation, with each
 * parameter and body either drawn from its own schema (so the request reaches the handler) or hostile
 * (wrong types, out-of-range numbers, odd encodings, huge strings, extra fields), and any caller.
 */

export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly items?: JsonSchema;
  readonly maxItems?: number;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly nullable?: boolean;
}

export interface OpenApiParameter {
  readonly in: "path" | "query" | "header";
  readonly name: string;
  readonly required?: boolean;
  readonly schema: JsonSchema;
}

export interface OpenApiOperation {
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly OpenApiParameter[];
  /** The roles the operation admits (`x-roles`), empty for the routes without a key. */
  readonly roles: readonly string[];
  /** A regional coordinator's PMO key is admitted too (`x-region-scoped`). */
  readonly regionScoped: boolean;
  /** Media type and schema of the request body, when the operation takes one. */
  readonly body?: { readonly mediaType: string; readonly schema: JsonSchema };
}

interface OpenApiDocument {
  readonly paths: Record<
    string,
    Record<
      string,
      {
        parameters?: OpenApiParameter[];
        "x-roles"?: string[];
        "x-region-scoped"?: boolean;
        requestBody?: { content: Record<string, { schema: JsonSchema }> };
      }
    >
  >;
}

export function operationsOf(document: unknown): OpenApiOperation[] {
  const operations: OpenApiOperation[] = [];
  for (const [path, methods] of Object.entries((document as OpenApiDocument).paths))
    for (const [method, operation] of Object.entries(methods)) {
      const [mediaType, content] = Object.entries(operation.requestBody?.content ?? {})[0] ?? [];
      operations.push({
        method: method.toUpperCase(),
        path,
        parameters: operation.parameters ?? [],
        roles: operation["x-roles"] ?? [],
        regionScoped: operation["x-region-scoped"] === true,
        ...(mediaType && content ? { body: { mediaType, schema: content.schema } } : {}),
      });
    }
  return operations;
}

/** Strings a parser or a query builder might choke on. */
const NASTY = [
  "",
  " ",
  "null",
  "undefined",
  "-1",
  "0",
  "1e309",
  "NaN",
  "Infinity",
  "0x10",
  "true",
  "[]",
  "{}",
  "../../etc/passwd",
  "'; drop table transactions; --",
  '" or 1=1 --',
  "%00",
  "%ZZ",
  "\u0000",
  "\uffff",
  "\ud800",
  "𝕏",
  "2026-13-45T25:61:61Z",
  "2026-02-30",
  "9999-12-31T23:59:59.999Z",
  "-271821-04-20T00:00:00Z",
  "Europe/Nowhere",
  "America/New_York",
  "00000000-0000-0000-0000-000000000000",
  "a".repeat(5000),
  "9".repeat(400),
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.integer().map(String),
  fc.double().map(String),
);

/** A value of `schema`, mostly valid; `known` offers real values for formats such as uuid. */
export function schemaValue(schema: JsonSchema, known: KnownValues, depth = 0): fc.Arbitrary<unknown> {
  const valid = validValueOf(schema, known, depth);
  return schema.nullable ? fc.oneof(valid, fc.constant(null)) : valid;
}

export interface KnownValues {
  /** Real ids (transactions, messages, detainers) so that requests reach rows that exist. */
  readonly uuids: readonly string[];
  /** Strings seen in the seeded directory: jurisdiction ids, ORIs, region ids. */
  readonly strings: readonly string[];
}

function validValueOf(schema: JsonSchema, known: KnownValues, depth: number): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "integer":
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
    case "number":
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case "boolean":
      return fc.boolean();
    case "array":
      return fc.array(schema.items ? schemaValue(schema.items, known, depth + 1) : fc.anything(), {
        maxLength: Math.min(schema.maxItems ?? 5, 5),
      });
    case "object": {
      if (depth > 3 || !schema.properties) return fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 });
      const required = new Set(schema.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, property] of Object.entries(schema.properties))
        record[name] = schemaValue(property, known, depth + 1);
      return fc.record(record, {
        requiredKeys: Object.keys(record).filter((name) => required.has(name)),
      });
    }
    default:
      return stringOf(schema, known);
  }
}

function stringOf(schema: JsonSchema, known: KnownValues): fc.Arbitrary<string> {
  const bounded = (arbitrary: fc.Arbitrary<string>) =>
    arbitrary.filter(
      (s) =>
        s.length >= (schema.minLength ?? 0) && s.length <= (schema.maxLength ?? Number.POSITIVE_INFINITY),
    );
  switch (schema.format) {
    case "uuid":
      return known.uuids.length > 0 ? fc.oneof(fc.constantFrom(...known.uuids), fc.uuid()) : fc.uuid();
    case "date-time":
      return fc
        .date({ min: new Date("1990-01-01"), max: new Date("2040-01-01"), noInvalidDate: true })
        .map((d) => d.toISOString());
    case "date":
      return fc
        .date({ min: new Date("1990-01-01"), max: new Date("2040-01-01"), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case "binary":
      return fc.string();
  }
  if (schema.pattern) {
    const pattern = new RegExp(schema.pattern);
    const matching = fc.stringMatching(pattern, { size: "xsmall" });
    const seen = known.strings.filter((s) => pattern.test(s));
    return bounded(seen.length > 0 ? fc.oneof(fc.constantFrom(...seen), matching) : matching);
  }
  const maxLength = Math.min(schema.maxLength ?? 60, 60);
  return bounded(
    fc.oneof(
      fc.constantFrom(...known.strings),
      fc.string({ minLength: schema.minLength ?? 0, maxLength }),
      fc.constantFrom("https://ero.example/hook", "https://ero.example/hook?token=secret", "UTC"),
    ),
  );
}

/** A value of a parameter as it appears in a URL or header: valid, hostile, or of the wrong type. */
export function parameterText(schema: JsonSchema, known: KnownValues): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: schemaValue(schema, known).map((value) => String(value)) },
    { weight: 2, arbitrary: hostileString },
  );
}

/** A JSON body: schema-valid, schema-valid plus an unknown field, or any JSON at all. */
export function jsonBody(schema: JsonSchema, known: KnownValues): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: schemaValue(schema, known) },
    {
      weight: 1,
      arbitrary: schemaValue(schema, known).map((value) =>
        typeof value === "object" && value !== null && !Array.isArray(value) ? { ...value, extra: 1 } : value,
      ),
    },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}
