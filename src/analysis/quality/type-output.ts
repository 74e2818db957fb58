/**
 * Parsers of type checker output (tsc `--pretty false`, pyright `--outputjson`, mypy with
 * `--show-column-numbers --show-error-codes`). Pure functions, tested on real output
 * (type-output.test.ts on captured samples, type-check-python.test.ts on live runs).
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

/** What a Python type checker's output says: the errors counted, and the unresolved imports left out. */
export interface PythonTypeOutput {
  errors: TypeDiagnostic[];
  /** Errors about imports that could not be resolved (not counted: the environment may lack them). */
  unresolvedImports: number;
  /** `N unresolved import(s) not counted`, when N > 0. */
  note?: string;
}

function withNote(errors: TypeDiagnostic[], unresolvedImports: number): PythonTypeOutput {
  return unresolvedImports > 0
    ? { errors, unresolvedImports, note: `${unresolvedImports} unresolved import(s) not counted` }
    : { errors, unresolvedImports };
}

/** pyright rules of unresolved imports (reportMissingModuleSource is a warning by default). */
const PYRIGHT_MISSING_IMPORTS = new Set(['reportMissingImports', 'reportMissingModuleSource']);
const pyrightSchema = z.object({
  version: z.string().optional(),
  generalDiagnostics: z.array(
    z.object({
      file: z.string(),
      severity: z.string(),
      message: z.string(),
      rule: z.string().optional(),
      range: z.object({ start: z.object({ line: z.number(), character: z.number() }) }).optional(),
    }),
  ),
  summary: z.object({ filesAnalyzed: z.number() }).optional(),
});

/**
 * Parses `pyright --outputjson` (checked against pyright 1.1.414): errors (warnings and
 * information are not type errors), the number of files analysed and pyright's version.
 * Errors about missing third-party imports are left out and counted. Null when unreadable.
 *
 * @example
 * parsePyrightJson('{"generalDiagnostics":[],"summary":{"filesAnalyzed":2}}', '/repo');
 * // { errors: [], unresolvedImports: 0, filesAnalyzed: 2, version: null }
 */
export function parsePyrightJson(
  output: string,
  root: string,
): (PythonTypeOutput & { filesAnalyzed: number | null; version: string | null }) | null {
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
    if (d.rule && PYRIGHT_MISSING_IMPORTS.has(d.rule)) {
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
  return {
    ...withNote(errors, missing),
    filesAnalyzed: parsed.data.summary?.filesAnalyzed ?? null,
    version: parsed.data.version ?? null,
  };
}

/** mypy codes of unresolved imports: `import` up to mypy 1.6, then `import-not-found` / `import-untyped`. */
const MYPY_MISSING_IMPORTS = new Set(['import', 'import-not-found', 'import-untyped']);
const MYPY_LINE = /^(.+?):(\d+):(?:(\d+):)? error: (.*?)(?:\s+\[([\w-]+)\])?$/;

/**
 * Parses mypy output (`file:line:col: error: message  [code]`, as printed with
 * `--show-column-numbers --show-error-codes --no-pretty --hide-error-end`); notes are skipped,
 * errors about unresolved imports are left out and counted.
 *
 * @example
 * parseMypyOutput('pkg/a.py:3:5: error: Incompatible return value type  [return-value]', '/repo');
 */
export function parseMypyOutput(output: string, root: string): PythonTypeOutput {
  const errors: TypeDiagnostic[] = [];
  let missing = 0;
  for (const line of output.split(/\r?\n/)) {
    const match = MYPY_LINE.exec(line);
    if (!match) continue;
    const [, file = '', row = '0', column, message = '', code] = match;
    if (code && MYPY_MISSING_IMPORTS.has(code)) {
      missing++;
      continue;
    }
    errors.push({
      file: relativePath(root, file),
      line: Number(row),
      column: Number(column ?? 0),
      code: code ?? 'mypy',
      message,
    });
  }
  return withNote(errors, missing);
}
