/**
 * The baseline lint pass: ESLint's programmatic API with our fixed configuration
 * (`overrideConfigFile: true`, inline `eslint-disable` comments ignored) for JS/TS files, and
 * our tree-sitter rules for Python files. {@link runBaselineLint} runs it in a worker thread.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { errorMessage } from '../../errors.js';
import type { Tier } from '../../types.js';
import { runWorker, workerEntry } from '../shared/worker-host.js';
import {
  PARSE_ERROR_MINUTES,
  eslintRuleSettings,
  javascriptRules,
  typescriptRules,
  type RuleTable,
} from './lint-rules.js';
import type { LintMessage, LintRequest, LintResult } from './lint-types.js';
import { lintPythonSource } from './python-lint.js';

const require = createRequire(import.meta.url);

export { PARSE_ERROR_MINUTES };

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

const JS_FILES = ['**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'];
const TS_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];

async function eslintConfig(
  tier: Tier,
): Promise<{ config: unknown[]; tables: { js: RuleTable; ts: RuleTable } }> {
  const [{ default: tseslint }, { default: sonarjs }] = await Promise.all([
    import('typescript-eslint'),
    import('eslint-plugin-sonarjs'),
  ]);
  const js = javascriptRules(tier);
  const ts = typescriptRules(tier);
  const linterOptions = { noInlineConfig: true, reportUnusedDisableDirectives: 'off' };
  const config = [
    {
      files: JS_FILES,
      linterOptions,
      languageOptions: { ecmaVersion: 'latest', parserOptions: { ecmaFeatures: { jsx: true } } },
      plugins: { sonarjs },
      rules: eslintRuleSettings(js),
    },
    {
      files: TS_FILES,
      linterOptions,
      languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
      plugins: { sonarjs, '@typescript-eslint': tseslint.plugin },
      rules: eslintRuleSettings(ts),
    },
  ];
  return { config, tables: { js, ts } };
}

async function lintJsTs(request: LintRequest, out: LintMessage[]): Promise<number> {
  const files = request.files.filter((f) => f.language !== 'python');
  if (files.length === 0) return 0;
  const { ESLint } = await import('eslint');
  const { config, tables } = await eslintConfig(request.tier);
  const eslint = new ESLint({
    cwd: request.root,
    overrideConfigFile: true,
    overrideConfig: config as never,
    ignore: false,
    errorOnUnmatchedPattern: false,
    cache: false,
  });
  const byAbsolute = new Map(files.map((f) => [path.resolve(f.absolutePath), f]));
  const results = await eslint.lintFiles(files.map((f) => f.absolutePath));
  for (const result of results) {
    const input = byAbsolute.get(path.resolve(result.filePath));
    if (!input) continue;
    const table = input.language === 'typescript' ? tables.ts : tables.js;
    for (const m of result.messages) {
      if (m.fatal) {
        out.push({
          file: input.path,
          line: m.line ?? 0,
          column: m.column ?? 0,
          rule: 'parse-error',
          severity: 'error',
          message: m.message,
        });
        continue;
      }
      const severity = m.ruleId ? table[m.ruleId] : undefined;
      if (!m.ruleId || !severity) continue; // e.g. "inline configuration ignored" notices
      out.push({
        file: input.path,
        line: m.line,
        column: m.column,
        rule: m.ruleId,
        severity,
        message: m.message,
      });
    }
  }
  return files.length;
}

async function lintPython(request: LintRequest, out: LintMessage[]): Promise<number> {
  const files = request.files.filter((f) => f.language === 'python');
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
  return files.length;
}

/**
 * Runs the baseline lint pass on the calling thread.
 *
 * @example
 * const result = await lintInThread({ root: '/repo', tier: 'CAPABLE', files });
 */
export async function lintInThread(request: LintRequest): Promise<LintResult> {
  const messages: LintMessage[] = [];
  const jsTs = await lintJsTs(request, messages);
  const python = await lintPython(request, messages);
  const versions: Record<string, string> = {};
  if (jsTs > 0) {
    versions['eslint'] = versionOf('eslint');
    if (request.files.some((f) => f.language === 'typescript'))
      versions['typescript-eslint'] = versionOf('typescript-eslint');
    if (request.tier !== 'CHEAP') versions['eslint-plugin-sonarjs'] = versionOf('eslint-plugin-sonarjs');
  }
  if (python > 0) versions['web-tree-sitter'] = versionOf('web-tree-sitter');
  messages.sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule),
  );
  return { messages, filesLinted: jsTs + python, versions };
}

/**
 * Runs the baseline lint pass in a worker thread (ESLint is CPU-bound).
 *
 * @throws ToolError when the worker fails.
 * @example
 * const lint = await runBaselineLint({ root: index.root, tier: 'CAPABLE', files }, signal);
 * lint.messages.length;
 */
export function runBaselineLint(request: LintRequest, signal?: AbortSignal): Promise<LintResult> {
  if (request.files.length === 0) return Promise.resolve({ messages: [], filesLinted: 0, versions: {} });
  return runWorker<LintResult>(
    workerEntry(import.meta.url, './lint-worker'),
    { ...request },
    signal,
    'eslint',
  );
}
