/**
 * The fixed baseline lint rule set of the quality score (docs/quality-score.md). It never
 * reads the repository's own ESLint configuration, so scores compare across repositories.
 * Every rule has a severity, and every finding costs the minutes of its severity.
 *
 * - CHEAP ("fast subset"): core ESLint rules from `@eslint/js` recommended (no plugins).
 * - CAPABLE and PREMIUM: plus a few eslint-plugin-sonarjs rules (all tiers' JS/TS files)
 *   and a few typescript-eslint rules (TypeScript files). None needs type information.
 *
 * Left out on purpose: `no-undef` (needs the environment's globals: false positives),
 * `no-redeclare`/`no-dupe-class-members` on TypeScript (overloads), and on TypeScript every
 * core rule that the compiler itself checks (as typescript-eslint's `eslint-recommended` does).
 *
 * @module
 */
import type { Tier } from '../../types.js';

/** Severity of a baseline rule. */
export type LintSeverity = 'error' | 'warning';

/** Remediation minutes of one finding, by severity. */
export const LINT_MINUTES: Readonly<Record<LintSeverity, number>> = { error: 5, warning: 2 };

/** Minutes of a file ESLint or tree-sitter cannot parse (counted as one error-level finding). */
export const PARSE_ERROR_MINUTES = 5;

/** Core rules for JavaScript and TypeScript: likely bugs (error). */
const CORE_ERRORS = [
  'for-direction',
  'no-async-promise-executor',
  'no-compare-neg-zero',
  'no-cond-assign',
  'no-constant-binary-expression',
  'no-dupe-else-if',
  'no-duplicate-case',
  'no-empty-character-class',
  'no-empty-pattern',
  'no-ex-assign',
  'no-fallthrough',
  'no-global-assign',
  'no-invalid-regexp',
  'no-loss-of-precision',
  'no-misleading-character-class',
  'no-self-assign',
  'no-shadow-restricted-names',
  'no-sparse-arrays',
  'no-unexpected-multiline',
  'no-unsafe-finally',
  'no-unsafe-optional-chaining',
  'no-useless-backreference',
  'use-isnan',
  'valid-typeof',
] as const;

/** Core rules the TypeScript compiler already enforces: JavaScript files only (error). */
const CORE_ERRORS_JS_ONLY = [
  'constructor-super',
  'getter-return',
  'no-class-assign',
  'no-const-assign',
  'no-dupe-args',
  'no-dupe-class-members',
  'no-dupe-keys',
  'no-func-assign',
  'no-import-assign',
  'no-new-native-nonconstructor',
  'no-obj-calls',
  'no-setter-return',
  'no-this-before-super',
  'no-unreachable',
  'no-unsafe-negation',
  'no-with',
] as const;

/** Core maintainability rules (warning). */
const CORE_WARNINGS = [
  'no-case-declarations',
  'no-constant-condition',
  'no-debugger',
  'no-empty',
  'no-extra-boolean-cast',
  'no-irregular-whitespace',
  'no-prototype-builtins',
  'no-regex-spaces',
  'no-unused-labels',
  'no-unused-private-class-members',
  'no-useless-catch',
  'no-useless-escape',
] as const;

const SONAR_ERRORS = [
  'sonarjs/no-all-duplicated-branches',
  'sonarjs/no-element-overwrite',
  'sonarjs/no-identical-conditions',
  'sonarjs/no-identical-expressions',
  'sonarjs/no-use-of-empty-return-value',
] as const;

const SONAR_WARNINGS = [
  'sonarjs/no-collapsible-if',
  'sonarjs/no-duplicated-branches',
  'sonarjs/no-gratuitous-expressions',
  'sonarjs/no-inverted-boolean-check',
  'sonarjs/no-redundant-boolean',
  'sonarjs/no-redundant-jump',
  'sonarjs/prefer-single-boolean-return',
] as const;

const TS_ERRORS = [
  '@typescript-eslint/no-duplicate-enum-values',
  '@typescript-eslint/no-extra-non-null-assertion',
  '@typescript-eslint/no-misused-new',
  '@typescript-eslint/no-non-null-asserted-optional-chain',
  '@typescript-eslint/no-unsafe-declaration-merging',
] as const;

const TS_WARNINGS = [
  '@typescript-eslint/ban-ts-comment',
  '@typescript-eslint/no-explicit-any',
  '@typescript-eslint/no-this-alias',
  '@typescript-eslint/no-unnecessary-type-constraint',
  '@typescript-eslint/prefer-as-const',
] as const;

/** Options of the unused-variable rules (the same for `no-unused-vars` and its TypeScript twin). */
export const UNUSED_VARS_OPTIONS = {
  args: 'after-used',
  caughtErrors: 'none',
  argsIgnorePattern: '^_',
  varsIgnorePattern: '^_',
};

/** Rule id -> severity, for one language family and tier. */
export type RuleTable = Record<string, LintSeverity>;

function table(errors: readonly string[], warnings: readonly string[]): RuleTable {
  const result: RuleTable = {};
  for (const rule of errors) result[rule] = 'error';
  for (const rule of warnings) result[rule] = 'warning';
  return result;
}

/** The baseline rules for JavaScript files at `tier`. */
export function javascriptRules(tier: Tier): RuleTable {
  const deep = tier !== 'CHEAP';
  return table(
    [...CORE_ERRORS, ...CORE_ERRORS_JS_ONLY, ...(deep ? SONAR_ERRORS : [])],
    [...CORE_WARNINGS, 'no-unused-vars', ...(deep ? SONAR_WARNINGS : [])],
  );
}

/** The baseline rules for TypeScript files at `tier`. */
export function typescriptRules(tier: Tier): RuleTable {
  const deep = tier !== 'CHEAP';
  return table(
    [...CORE_ERRORS, ...(deep ? [...SONAR_ERRORS, ...TS_ERRORS] : [])],
    [
      ...CORE_WARNINGS,
      '@typescript-eslint/no-unused-vars',
      ...(deep ? [...SONAR_WARNINGS, ...TS_WARNINGS] : []),
    ],
  );
}

/** The ESLint rule settings of a table (`severity` maps to ESLint's `error`/`warn`). */
export function eslintRuleSettings(rules: RuleTable): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const [rule, severity] of Object.entries(rules)) {
    const level = severity === 'error' ? 'error' : 'warn';
    settings[rule] = rule.endsWith('no-unused-vars') ? [level, UNUSED_VARS_OPTIONS] : level;
  }
  return settings;
}

/** Our own Python rules (tree-sitter, see python-lint.ts) and their severities; the same at every tier. */
export const PYTHON_RULES: Readonly<RuleTable> = {
  'py/assert-on-tuple': 'error',
  'py/duplicate-dict-key': 'error',
  'py/mutable-default-argument': 'error',
  'py/unreachable-code': 'error',
  'py/bare-except': 'warning',
  'py/comparison-to-none': 'warning',
  'py/unused-import': 'warning',
};
