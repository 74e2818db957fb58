// Writes schemas/*.schema.json from the zod types (src/workflows/schemas.ts), formatted with the
// project's prettier settings. Run: npm run schemas. A test fails when the files are stale.
import { writeFileSync } from 'node:fs';
import { formatSchema } from '../src/workflows/schemas-format.js';
import { JSON_SCHEMAS } from '../src/workflows/schemas.js';

for (const [name, make] of Object.entries(JSON_SCHEMAS)) {
  writeFileSync(new URL(`../schemas/${name}`, import.meta.url), await formatSchema(make()));
  process.stdout.write(`schemas/${name}\n`);
}
