/**
 * The JS/TS security rules: eslint-plugin-security (CAPABLE) and eslint-plugin-no-unsanitized
 * (PREMIUM) with our severity table, as a consumer of the run's shared ESLint pass
 * (shared/eslint-plan.ts). ESLint never reads the user's config and never applies ignore
 * patterns: the project index decides which files are linted. The file's own `eslint-disable`
 * comments are honoured (a reviewed suppression stays suppressed).
 *
 * @module
 */
import { createRequire } from 'node:module';
import type { Linter } from 'eslint';
import type { ProjectIndex } from '../../project/types.js';
import type { Tier } from '../../types.js';
import type { Finding } from '../types.js';
import { runEslintPass, type EslintPassMessage } from '../shared/eslint-pass.js';
import { lintFor, type EslintConsumer } from '../shared/eslint-plan.js';
import { applyFlows } from './flow-severity.js';
import { severityFor } from './severity-table.js';
import type { SinkReport } from './taint-types.js';

/** The rule of our taint analysis (taint-js.ts) in the shared pass; its messages are sink reports. */
export const TAINT_RULE_ID = 'empathy-taint/flows';

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

/** The security lint's findings. */
export interface LintOutput {
  findings: Finding[];
  parseFailures: ParseFailure[];
  /** Rule ids that were enabled. */
  rules: string[];
  eslintVersion: string;
  /** Thread that did the work. */
  threadId: number;
}

/** The shape of the two plugins' recommended configs (they ship no type declarations). */
interface PluginModule {
  configs: { recommended: { rules?: Linter.RulesRecord } };
}

const require = createRequire(import.meta.url);

/**
 * The recommended rule ids of the two plugins at the versions package.json pins, in their
 * configs' order: the cache key of a run and the rule list of its report then need not load a
 * plugin (eslint-plugin-security loads regexp-tree and safe-regex). eslint-lint.test.ts checks
 * them against the installed plugins; any other installed version is read from the plugin.
 */
export const KNOWN_RECOMMENDED_RULES: Readonly<Record<string, readonly string[]>> = {
  'eslint-plugin-security@4.1.0': [
    'security/detect-buffer-noassert',
    'security/detect-child-process',
    'security/detect-disable-mustache-escape',
    'security/detect-eval-with-expression',
    'security/detect-new-buffer',
    'security/detect-no-csrf-before-method-override',
    'security/detect-non-literal-fs-filename',
    'security/detect-non-literal-regexp',
    'security/detect-non-literal-require',
    'security/detect-object-injection',
    'security/detect-possible-timing-attacks',
    'security/detect-pseudoRandomBytes',
    'security/detect-unsafe-regex',
    'security/detect-bidi-characters',
    'security/detect-invisible-characters',
  ],
  'eslint-plugin-no-unsanitized@4.1.5': ['no-unsanitized/property', 'no-unsanitized/method'],
};

/** The recommended rule ids of an installed plugin (from {@link KNOWN_RECOMMENDED_RULES} at a known version). */
export function recommendedRules(plugin: 'eslint-plugin-security' | 'eslint-plugin-no-unsanitized'): string[] {
  const version = (require(`${plugin}/package.json`) as { version: string }).version;
  const known = KNOWN_RECOMMENDED_RULES[`${plugin}@${version}`];
  if (known) return [...known];
  return Object.keys((require(plugin) as PluginModule).configs.recommended.rules ?? {});
}

/** Rule ids enabled at a tier: the recommended set of each plugin the tier includes. */
export function securityRulesForTier(tier: Tier): Linter.RulesRecord {
  if (tier === 'CHEAP') return {};
  const rules: Linter.RulesRecord = {};
  for (const rule of recommendedRules('eslint-plugin-security')) rules[rule] = 'warn';
  if (tier === 'PREMIUM') for (const rule of recommendedRules('eslint-plugin-no-unsanitized')) rules[rule] = 'warn';
  rules[TAINT_RULE_ID] = 'warn';
  return rules;
}

/**
 * The security rules of `tier` (CAPABLE and PREMIUM) as a consumer of the shared ESLint pass:
 * every JS/TS file of the index, declaration files included.
 *
 * @example
 * planEslintPass(index, [securityEslintConsumer('PREMIUM'), qualityEslintConsumer('CAPABLE')]);
 */
export function securityEslintConsumer(tier: Tier): EslintConsumer {
  const id = `security:${tier}`;
  return {
    id,
    spec: () => {
      const rules = securityRulesForTier(tier);
      return { id, rules: { javascript: rules, typescript: rules }, inlineConfig: true };
    },
    files: (index) => [...index.byLanguage('javascript'), ...index.byLanguage('typescript')],
  };
}

function toOutput(
  messages: Record<string, EslintPassMessage[]>,
  tier: Tier,
  eslintVersion: string,
  threadId: number,
): LintOutput {
  const output: LintOutput = {
    findings: [],
    parseFailures: [],
    rules: Object.keys(securityRulesForTier(tier)),
    eslintVersion,
    threadId,
  };
  for (const [file, list] of Object.entries(messages)) {
    const fileFindings: Finding[] = [];
    const reports: SinkReport[] = [];
    for (const message of list) {
      if (message.rule === TAINT_RULE_ID) {
        reports.push(JSON.parse(message.message) as SinkReport);
        continue;
      }
      if (message.fatal || message.rule === null) {
        output.parseFailures.push({
          file,
          line: message.line,
          message: message.message,
          fatal: message.fatal,
        });
        continue;
      }
      const { severity, known } = severityFor(message.rule);
      const finding: Finding = {
        file,
        line: message.line,
        rule: message.rule,
        severity,
        message: known ? message.message : `${message.message} (rule not in our severity table)`,
        tool: 'eslint',
      };
      if (message.column) finding.column = message.column;
      fileFindings.push(finding);
    }
    output.findings.push(...applyFlows(file, fileFindings, reports));
  }
  return output;
}

/**
 * Lints the index's JS/TS files with the security rules of `tier`: the run's shared ESLint pass
 * when one was planned, else a pass of its own; in the worker pool either way. A file that does
 * not parse is returned in `parseFailures`, never thrown.
 *
 * @throws ToolError when the pass fails; the abort reason on abort.
 * @example
 * const out = await securityLint(index, 'PREMIUM', signal);
 */
export async function securityLint(
  index: ProjectIndex,
  tier: Tier,
  signal?: AbortSignal,
): Promise<LintOutput> {
  const share = await lintFor(index, securityEslintConsumer(tier), signal);
  return toOutput(share.messages, tier, share.eslintVersion, share.threadId);
}

/**
 * Lints in-memory `files` (relative to `root`) with the security rules of `tier`, on the calling
 * thread.
 *
 * @example
 * const out = await lintJsFiles('/repo', [{ path: 'a.js', text: 'eval(x)' }], 'CAPABLE');
 * out.findings[0]?.rule; // 'security/detect-eval-with-expression'
 */
export async function lintJsFiles(root: string, files: LintInput[], tier: Tier): Promise<LintOutput> {
  const spec = securityEslintConsumer(tier).spec();
  const result = await runEslintPass({
    root,
    consumers: Object.keys(spec.rules.javascript).length > 0 ? [spec] : [],
    files: files.map((f) => ({ ...f, consumers: [spec.id] })),
  });
  return toOutput(result.byConsumer[spec.id] ?? {}, tier, result.eslintVersion, result.threadId);
}
