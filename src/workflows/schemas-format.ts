/**
 * The text of a shipped JSON Schema: JSON formatted with the project's prettier settings
 * (prettier is a development dependency: used by `npm run schemas` and the schema test only).
 *
 * @module
 */

/** Formats a schema as the committed file holds it. */
export async function formatSchema(schema: Record<string, unknown>): Promise<string> {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(new URL('../../package.json', import.meta.url).pathname)) ?? {};
  return prettier.format(JSON.stringify(schema), { ...options, parser: 'json' });
}
