/**
 * Test support (not shipped): JSON Schema validators for the report formats, with real
 * format checks (`date-time`, `uri`, `uri-reference`) rather than ignored formats.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import ajvDraft04 from 'ajv-draft-04';
import { REPO_ROOT } from './fixture-reports.test-helper.js';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

// ajv-draft-04 is CommonJS: its class is the module's `default` property.
const AjvDraft04 = ajvDraft04.default;

const FORMATS = {
  'date-time': (value: string) => DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)),
  uri: (value: string) => /^[a-z][a-z0-9+.-]*:/i.test(value) && URL.canParse(value),
  'uri-reference': (value: string) => !/\s/.test(value) && URL.canParse(value, 'http://base.invalid/'),
};

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** The validator of `schemas/release-report.schema.json` (draft 2020-12, strict mode). */
export function releaseReportValidator(): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, strict: true, formats: FORMATS });
  return ajv.compile(readJson(path.join(REPO_ROOT, 'schemas/release-report.schema.json')));
}

/** The validator of the official SARIF 2.1.0 schema (draft-04), as shipped with @microsoft/jest-sarif. */
export function sarifValidator(): ValidateFunction {
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false, formats: FORMATS });
  return ajv.compile(
    readJson(path.join(REPO_ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json')),
  );
}
