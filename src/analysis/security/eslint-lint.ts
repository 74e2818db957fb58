/**
 * The JS/TS security lint: ESLint's programmatic API with eslint-plugin-security (CAPABLE)
 * and eslint-plugin-no-unsanitized (PREMIUM), over an explicit list of files. ESLint never
 * looks for the user's config (`overrideConfigFile: true`) and never applies ignore
 * patterns (`ignore: false`): the project index decides which files are linted.
 *
 * This module runs inside the lint worker (see lint-worker.ts); it is plain data in, plain
 * data out so the results cross the thread boundary.
 *
 * @module
 */
import { createRequire } from 'node:module';
import { threadId } from 'node:worker_threads';
import { ESLint, type Linter } from 'eslint';
import type { Tier } from '../../types.js';
import type { Finding } from '../types.js';
import { severityFor } from './severity-table.js';

/** One file to lint: its path relative to the root and its text. */
export interface LintInput {
  path: string;
  text: string;
}

/** A file whose code rules could not run (syntax error). */
export interface ParseFailure {
  file: string;
  line: number;
  message: string;
  /** True for a syntax error; false when ESLint skipped the file for another reason. */
  fatal: boolean;
}

/** What {@link lintJsFiles} returns. */
export interface LintOutput {
  findings: Finding[];
  parseFailures: ParseFailure[];
  /** Rule ids that were enabled. */
  rules: string[];
  eslintVersion: string;
  /** Thread that did the work (the lint worker proves it is not the main thread). */
  threadId: number;
}

/** The shape of the two plugins we load (they ship no type declarations). */
interface PluginModule {
  rules: Record<string, unknown>;
  configs: { recommended: { rules?: Linter.RulesRecord } };
}

const require = createRequire(import.meta.url);
const security = require('eslint-plugin-security') as PluginModule;
const noUnsanitized = require('eslint-plugin-no-unsanitized') as PluginModule;

const JS_FILES = ['**/*.js', '**/*.mjs', '**/*.jsx'];
const CJS_FILES = ['**/*.cjs'];
const TS_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];

/** Rule ids enabled at a tier: the recommended set of each plugin the tier includes. */
export function securityRulesForTier(tier: Tier): Linter.RulesRecord {
  if (tier === 'CHEAP') return {};
  const rules: Linter.RulesRecord = {};
  for (const rule of Object.keys(security.configs.recommended.rules ?? {})) rules[rule] = 'warn';
  if (tier === 'PREMIUM') {
    for (const rule of Object.keys(noUnsanitized.configs.recommended.rules ?? {})) rules[rule] = 'warn';
  }
  return rules;
}

/** True for the extensions parsed with typescript-eslint's parser. */
export function isTypeScriptPath(file: string): boolean {
  return /\.(?:ts|tsx|mts|cts)$/i.test(file);
}

/**
 * The flat config used for a tier (exported for tests and docs). `tsParser` is
 * typescript-eslint's parser; without it TS files are not configured (callers load it only
 * when there are TS files, since it pulls in the TypeScript compiler).
 */
export function securityEslintConfig(tier: Tier, tsParser?: Linter.Parser): Linter.Config[] {
  const rules = securityRulesForTier(tier);
  const plugins = { security, 'no-unsanitized': noUnsanitized } as unknown as Linter.Config['plugins'];
  const jsx = { ecmaFeatures: { jsx: true } };
  const config: Linter.Config[] = [
    {
      files: JS_FILES,
      plugins,
      languageOptions: { ecmaVersion: 'latest', sourceType: 'module', parserOptions: jsx },
      rules,
    },
    {
      files: CJS_FILES,
      plugins,
      languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs' },
      rules,
    },
  ];
  if (tsParser) {
    config.push({
      files: TS_FILES,
      plugins,
      languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module', parserOptions: jsx },
      rules,
    });
  }
  return config;
}

/**
 * Lints `files` (relative to `root`) with the security rules of `tier`. A file that does
 * not parse is returned in `parseFailures`, never thrown.
 *
 * @example
 * const out = await lintJsFiles('/repo', [{ path: 'a.js', text: 'eval(x)' }], 'CAPABLE');
 * out.findings[0]?.rule; // 'security/detect-eval-with-expression'
 */
export async function lintJsFiles(root: string, files: LintInput[], tier: Tier): Promise<LintOutput> {
  const rules = Object.keys(securityRulesForTier(tier));
  const output: LintOutput = {
    findings: [],
    parseFailures: [],
    rules,
    eslintVersion: ESLint.version,
    threadId,
  };
  if (rules.length === 0 || files.length === 0) return output;
  const tsParser = files.some((f) => isTypeScriptPath(f.path))
    ? ((await import('typescript-eslint')).default.parser as Linter.Parser)
    : undefined;
  const config = securityEslintConfig(tier, tsParser);
  const enabled = new Set(rules);
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config, ignore: false });
  for (const file of files) {
    const [result] = await eslint.lintText(file.text, {
      filePath: `${root}/${file.path}`,
      warnIgnored: true,
    });
    for (const message of result?.messages ?? []) {
      // Notices about the file's own eslint-disable comments (unused directives, rules of
      // plugins we do not load) are not findings and not parse failures.
      if (!message.fatal && (message.ruleId === null || !enabled.has(message.ruleId))) continue;
      if (message.fatal || message.ruleId === null) {
        output.parseFailures.push({
          file: file.path,
          line: message.line ?? 0,
          message: message.message,
          fatal: message.fatal === true,
        });
        continue;
      }
      const { severity, known } = severityFor(message.ruleId);
      const finding: Finding = {
        file: file.path,
        line: message.line,
        rule: message.ruleId,
        severity,
        message: known ? message.message : `${message.message} (rule not in our severity table)`,
        tool: 'eslint',
      };
      if (message.column) finding.column = message.column;
      output.findings.push(finding);
    }
  }
  return output;
}
