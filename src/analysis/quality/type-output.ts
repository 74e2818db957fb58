/**
 * Parsers of type checker output (tsc `--pretty false`, pyright `--outputjson`, mypy with
 * `--show-column-numbers --show-error-codes`). Pure functions, tested on real output.
 *
 * @module
 */
import path from 'node:path';
import { z } from 'zod';

/** One type error. */
export interface TypeDiagnostic {
  /** Path relative to the project root, `/` separators. */
  file: string;
  line: number;
  column: number;
  /** `TS2322`, a pyright rule, or a mypy error code. */
  code: string;
  message: string;
}

function relativePath(root: string, file: string): string {
  const absolute = path.resolve(root, file);
  return path.relative(root, absolute).split(path.sep).join('/');
}

const TSC_LOCATED = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;
const TSC_GLOBAL = /^error (TS\d+): (.*)$/;

/**
 * Parses `tsc --pretty false` output: located errors, and errors without a location (config problems).
 *
 * @example
 * parseTscOutput("src/a.ts(2,9): error TS2322: Type 'number' is not assignable to type 'string'.", '/repo');
 */
export function parseTscOutput(
  output: string,
  root: string,
): { errors: TypeDiagnostic[]; globalErrors: string[] } {
  const errors: TypeDiagnostic[] = [];
  const globalErrors: string[] = [];
  for (const line of output.split(/\r?\n/)) {
    const located = TSC_LOCATED.exec(line);
    if (located) {
      const [, file = '', row = '0', column = '0', code = '', message = ''] = located;
      errors.push({
        file: relativePath(root, file),
        line: Number(row),
        column: Number(column),
        code,
        message,
      });
      continue;
    }
    const global = TSC_GLOBAL.exec(line);
    if (global) globalErrors.push(`${global[1]}: ${global[2]}`);
  }
  return { errors, globalErrors };
}

const MISSING_IMPORT_RULES = new Set(['reportMissingImports', 'reportMissingModuleSource']);
const pyrightSchema = z.object({
  generalDiagnostics: z.array(
    z.object({
      file: z.string(),
      severity: z.string(),
      message: z.string(),
      rule: z.string().optional(),
      range: z.object({ start: z.object({ line: z.number(), character: z.number() }) }).optional(),
    }),
  ),
});

/**
 * Parses `pyright --outputjson`; errors about missing third-party imports are left out and
 * counted in `note` (the environment may simply not have them installed). Null when unreadable.
 *
 * @example
 * parsePyrightJson('{"generalDiagnostics":[]}', '/repo'); // { errors: [] }
 */
export function parsePyrightJson(
  output: string,
  root: string,
): { errors: TypeDiagnostic[]; note?: string } | null {
  let json: unknown;
  try {
    json = JSON.parse(output);
  } catch {
    return null;
  }
  const parsed = pyrightSchema.safeParse(json);
  if (!parsed.success) return null;
  const errors: TypeDiagnostic[] = [];
  let missing = 0;
  for (const d of parsed.data.generalDiagnostics) {
    if (d.severity !== 'error') continue;
    if (d.rule && MISSING_IMPORT_RULES.has(d.rule)) {
      missing++;
      continue;
    }
    const start = d.range?.start ?? { line: 0, character: 0 };
    errors.push({
      file: relativePath(root, d.file),
      line: start.line + 1,
      column: start.character + 1,
      code: d.rule ?? 'pyright',
      message: d.message.split('\n')[0] ?? d.message,
    });
  }
  return missing > 0 ? { errors, note: `${missing} unresolved import(s) not counted` } : { errors };
}

const MYPY_LINE = /^(.+?):(\d+):(?:(\d+):)? error: (.*?)(?:\s+\[([\w-]+)\])?$/;

/**
 * Parses mypy output (`file:line:col: error: message  [code]`).
 *
 * @example
 * parseMypyOutput('pkg/a.py:3:5: error: Incompatible return value type  [return-value]', '/repo');
 */
export function parseMypyOutput(output: string, root: string): { errors: TypeDiagnostic[] } {
  const errors: TypeDiagnostic[] = [];
  for (const line of output.split(/\r?\n/)) {
    const match = MYPY_LINE.exec(line);
    if (!match) continue;
    const [, file = '', row = '0', column, message = '', code] = match;
    errors.push({
      file: relativePath(root, file),
      line: Number(row),
      column: Number(column ?? 0),
      code: code ?? 'mypy',
      message,
    });
  }
  return { errors };
}
