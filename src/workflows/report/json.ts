/**
 * The `json` report format: the report's snake_case wire form (`report.toJSON()`), as
 * `--json` prints it. Its shape is the zod type `releaseReportSchema`
 * (release-prep/report-schema.ts), from which `schemas/release-report.schema.json` (JSON Schema
 * draft 2020-12, shipped in the package) is generated.
 *
 * @module
 */
import type { ReleaseReadinessReport } from '../release-prep/report.js';

/** Path of the JSON Schema of this format, relative to the package root. */
export const RELEASE_REPORT_SCHEMA_PATH = 'schemas/release-report.schema.json';

/**
 * The report as pretty-printed JSON (two-space indent, trailing newline).
 *
 * @example
 * process.stdout.write(formatJson(report));
 */
export function formatJson(report: ReleaseReadinessReport): string {
  return `${JSON.stringify(report.toJSON(), null, 2)}\n`;
}
