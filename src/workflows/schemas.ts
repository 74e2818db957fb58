/**
 * The JSON Schemas shipped in `schemas/`, generated from the zod types they describe: the
 * configuration file (`config.schema.json`, from config-file.ts) and the release report
 * (`release-report.schema.json`, from release-prep/report-schema.ts). `npm run schemas`
 * writes them; a test fails when a committed file differs from what this module generates.
 *
 * Editors find the config schema through `$schema` in the config file, e.g.
 * `"$schema": "./node_modules/empathy-framework/schemas/config.schema.json"` (offline) or the
 * `$id` URL below.
 *
 * @module
 */
import { z } from 'zod';
import { configSchema } from './config/config-file.js';
import { JSON_SCHEMA_CONDITIONS, releaseReportSchema } from './release-prep/report-schema.js';

/** Where the published schemas can be fetched (the package's files on unpkg). */
export const SCHEMA_BASE_URL = 'https://unpkg.com/empathy-framework/schemas/';

function generated(
  schema: z.ZodType,
  file: string,
  title: string,
  description: string,
  io: 'input' | 'output',
): Record<string, unknown> {
  const { $schema, ...body } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    reused: 'inline',
    // A refinement's JSON Schema form (if/then/else), registered beside it.
    override: (ctx) =>
      Object.assign(ctx.jsonSchema, JSON_SCHEMA_CONDITIONS.get(ctx.zodSchema as unknown as z.ZodType)),
  });
  return { $schema, $id: `${SCHEMA_BASE_URL}${file}`, title, description, ...body };
}

/** The shipped schemas by file name under `schemas/`. */
export const JSON_SCHEMAS: Readonly<Record<string, () => Record<string, unknown>>> = {
  'config.schema.json': () =>
    generated(
      configSchema,
      'config.schema.json',
      'empathy configuration',
      'empathy.config.json, the "empathy" key of package.json, the user config (~/.config/empathy/config.json) and --policy files. A repository config may not set provider, env, commands or paths outside the repository (they are ignored and listed in the report).',
      'input',
    ),
  'release-report.schema.json': () =>
    generated(
      releaseReportSchema,
      'release-report.schema.json',
      'empathy release-prep report',
      'The release readiness report printed by `empathy orchestrate release-prep --format json` (report.toJSON()). Wire names are snake_case. schema_version 1.',
      'output',
    ),
};
