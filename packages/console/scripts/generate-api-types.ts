import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { API_TYPES_FILE, generateApiTypes } from "./api-types.js";

const types = await generateApiTypes();
writeFileSync(API_TYPES_FILE, types);
process.stdout.write(`API types written to ${fileURLToPath(API_TYPES_FILE)}\n`);
