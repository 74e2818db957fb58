/**
 * The baseline lint pass of the quality score: our fixed ESLint rule table for JS/TS files (the
 * repository's own configuration is never read; inline `eslint-disable` comments are ignored),
 * run as a consumer of the run's shared ESLint pass, and our tree-sitter rules for Python files.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Linter } from 'eslint';
import { errorMessage } from '../../errors.js';
import { cachedPerFile } from '../../project/cached-analysis.js';
import { detectLanguage } from '../../project/language.js';
import type { ProjectIndex } from '../../project/types.js';
import type { Tier } from '../../types.js';
import { codeFiles, type CodeFile } from '../shared/complexity-cache.js';
import { lintFor, type EslintConsumer } from '../shared/eslint-plan.js';
import { sharedPythonResults, type PythonConsumer } from '../shared/python-pass-plan.js';
import { runWorker, runsInline, workerEntry } from '../shared/worker-host.js';
import { eslintRuleSettings, javascriptRules, typescriptRules } from './lint-rules.js';
import type { LintInput, LintMessage, LintResult } from './lint-types.js';

const require = createRequire(import.meta.url);

/** Version of an installed package, also when its `exports` hide `package.json`. */
export function versionOf(pkg: string): string {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    // fall through: walk up from the entry point
  }
  try {
    let dir = path.dirname(require.resolve(pkg));
    while (dir !== path.dirname(dir)) {
      const manifest = path.join(dir, 'package.json');
      if (existsSync(manifest)) {
        const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
        if (parsed.name === pkg && parsed.version) return parsed.version;
      }
      dir = path.dirname(dir);
    }
  } catch {
    // not installed
  }
  return 'unknown';
}

/**
 * The quality baseline as a consumer of the shared ESLint pass (shared/eslint-plan.ts): the
 * scored JS/TS files, our rule table of `tier`, inline `eslint-disable` comments ignored.
 *
 * @example
 * planEslintPass(index, [securityEslintConsumer('PREMIUM'), qualityEslintConsumer('CAPABLE')]);
 */
export function qualityEslintConsumer(tier: Tier): EslintConsumer {
  const id = `quality:${tier}`;
  return {
    id,
    spec: () => ({
      id,
      rules: {
        javascript: eslintRuleSettings(javascriptRules(tier)) as Linter.RulesRecord,
        typescript: eslintRuleSettings(typescriptRules(tier)) as Linter.RulesRecord,
      },
      inlineConfig: false,
    }),
    files: (index) => codeFiles(index).filter((f) => f.language !== 'python'),
  };
}

async function lintJsTs(index: ProjectIndex, tier: Tier, signal?: AbortSignal): Promise<LintMessage[]> {
  const tables = { javascript: javascriptRules(tier), typescript: typescriptRules(tier) };
  const { messages } = await lintFor(index, qualityEslintConsumer(tier), signal);
  const out: LintMessage[] = [];
  for (const [file, list] of Object.entries(messages)) {
    const table = detectLanguage(file) === 'typescript' ? tables.typescript : tables.javascript;
    for (const m of list) {
      const severity = m.rule === null ? undefined : table[m.rule];
      if (m.fatal)
        out.push({
          file,
          line: m.line,
          column: m.column,
          rule: 'parse-error',
          severity: 'error',
          message: m.message,
        });
      else if (m.rule !== null && severity)
        out.push({ file, line: m.line, column: m.column, rule: m.rule, severity, message: m.message });
    }
  }
  return out;
}

/**
 * Our Python rules over `files`, on the calling thread (the lint worker runs it).
 *
 * @example
 * const messages = await lintPythonFiles([{ path: 'a.py', absolutePath: '/repo/a.py', language: 'python' }]);
 */
export async function lintPythonFiles(files: readonly LintInput[]): Promise<LintMessage[]> {
  const out: LintMessage[] = [];
  // Loaded on first use: a run whose Python files all come from the cache does not load tree-sitter.
  const { lintPythonSource } = await import('./python-lint.js');
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file.absolutePath, 'utf8');
    } catch (error) {
      out.push({
        file: file.path,
        line: 0,
        column: 0,
        rule: 'parse-error',
        severity: 'error',
        message: `cannot read: ${errorMessage(error)}`,
      });
      continue;
    }
    out.push(...(await lintPythonSource(file.path, text)));
  }
  return out;
}

/** Bump when our Python rules change what they report for the same text. */
const PYTHON_LINT_FILE_VERSION = '1';

function pythonLintParts() {
  return { analyzer: 'python-lint-file', version: PYTHON_LINT_FILE_VERSION, options: { treeSitter: versionOf('web-tree-sitter') } };
}

/**
 * Our Python lint as a consumer of the run's shared Python pass (shared/python-pass-plan.ts).
 *
 * @example
 * planPythonPass(index, [securityPythonConsumer(), lintPythonConsumer()]);
 */
export function lintPythonConsumer(): PythonConsumer {
  return {
    id: 'lint',
    parts: pythonLintParts(),
    files: (index) => codeFiles(index).filter((f) => f.language === 'python'),
  };
}

/** Our Python rules over `files` in a worker (a few files: on this thread, see `runsInline`), each file's messages from the per-file cache while its content is unchanged. */
async function lintPythonCached(
  index: ProjectIndex,
  files: readonly CodeFile[],
  signal?: AbortSignal,
): Promise<LintMessage[]> {
  const { values } = await cachedPerFile(
    index,
    pythonLintParts(),
    files,
    async (missing) => {
      // The run's shared Python pass first; what it did not cover in a job of its own.
      const shared = await sharedPythonResults(index, 'lint', missing, signal);
      const inputs = missing
        .filter((f) => !shared.has(f.path))
        .map((f) => ({ path: f.path, absolutePath: f.absolutePath, language: f.language }));
      const messages =
        inputs.length === 0
          ? []
          : runsInline(inputs)
            ? await lintPythonFiles(inputs)
            : await runWorker<LintMessage[]>(workerEntry('analysis/quality/lint-worker'), { files: inputs }, signal, 'python-lint');
      const byFile = new Map<string, LintMessage[]>(missing.map((f) => [f.path, shared.get(f.path) ?? []]));
      for (const m of messages) byFile.get(m.file)?.push(m);
      return byFile;
    },
    // A file that could not be read is not a result to keep.
    { store: (messages) => !messages.some((m) => m.message.startsWith('cannot read: ')) },
  );
  return values.flat();
}

/**
 * Runs the baseline lint pass: JS/TS through the run's shared ESLint pass (shared/eslint-plan.ts),
 * Python through our tree-sitter rules; both in the worker pool.
 *
 * @throws ToolError when a worker fails; the abort reason on abort.
 * @example
 * const lint = await runBaselineLint(index, codeFiles(index), 'CAPABLE', signal);
 * lint.messages.length;
 */
export async function runBaselineLint(
  index: ProjectIndex,
  files: readonly CodeFile[],
  tier: Tier,
  signal?: AbortSignal,
): Promise<LintResult> {
  const python = files.filter((f) => f.language === 'python');
  const jsTs = files.length - python.length;
  const [jsMessages, pythonMessages] = await Promise.all([
    jsTs > 0 ? lintJsTs(index, tier, signal) : [],
    python.length > 0 ? lintPythonCached(index, python, signal) : [],
  ]);
  const messages = [...jsMessages, ...pythonMessages];
  const versions: Record<string, string> = {};
  if (jsTs > 0) {
    versions['eslint'] = versionOf('eslint');
    if (files.some((f) => f.language === 'typescript'))
      versions['typescript-eslint'] = versionOf('typescript-eslint');
    if (tier !== 'CHEAP') versions['eslint-plugin-sonarjs'] = versionOf('eslint-plugin-sonarjs');
  }
  if (python.length > 0) versions['web-tree-sitter'] = versionOf('web-tree-sitter');
  messages.sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule),
  );
  return { messages, filesLinted: files.length, versions };
}
