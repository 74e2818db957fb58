/**
 * The text of a shipped JSON Schema: JSON formatted with the project's prettier settings
 * (prettier is a development dependency: used by `npm run schemas` and the schema test only).
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../core/package-paths.js';

/** Formats a schema as the committed file holds it. */
export async function formatSchema(schema: Record<string, unknown>): Promise<string> {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(fileURLToPath(new URL('package.json', PACKAGE_ROOT)))) ?? {};
  return prettier.format(JSON.stringify(schema), { ...options, parser: 'json' });
}
