/**
 * CLI entry (placeholder until the CLI lands).
 *
 * @module
 */
export async function main(_argv: string[]): Promise<number> {
  return 0;
}
