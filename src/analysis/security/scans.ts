/**
 * The scans of the security analyser, one function per area. Each returns findings plus
 * what it could not measure; none throws for a tool problem (an abort does throw).
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { errorMessage } from '../../errors.js';
import { cachedPerFile } from '../../project/cached-analysis.js';
import type { ProjectFile, ProjectIndex } from '../../project/types.js';
import type { Tier } from '../../types.js';
import type { Finding, NotMeasured, ToolUsed } from '../types.js';
import { dedupeBandit, runBandit } from './bandit.js';
import { securityLint } from './eslint-lint.js';
import { quickJsFindings } from './js-quick-rules.js';
import { NPM_LOCK_FILES, type DependencyAudit } from './npm-audit.js';
import { revalidatedNpmAudit } from './npm-audit-reuse.js';
import type { PythonRuleResult } from './python-rules.js';
import { sharedPythonResults, type PythonConsumer } from '../shared/python-pass-plan.js';
import type { KindedFinding, SecurityOptions } from './types.js';

/** What one scan contributes to the report. */
export interface ScanOutcome {
  findings: Finding[];
  tools: ToolUsed[];
  /** Tool names whose finding counts appear in `findings_by_tool` (even when 0). */
  toolsRan: string[];
  notMeasured: NotMeasured[];
  warnings: string[];
  /** Files whose code rules could not (fully) run because of a syntax error. */
  filesNotParsed: string[];
  /** False when the scan itself could not run. */
  complete: boolean;
  /** True when a tool failed in a way that may pass on a re-run (bandit crashed or timed out): never cached. */
  transient: boolean;
}

/** An empty outcome to fill in. */
export function emptyOutcome(): ScanOutcome {
  return {
    findings: [],
    tools: [],
    toolsRan: [],
    notMeasured: [],
    warnings: [],
    filesNotParsed: [],
    complete: true,
    transient: false,
  };
}

function packageVersion(name: string): string | null {
  try {
    return (createRequire(import.meta.url)(`${name}/package.json`) as { version: string }).version;
  } catch {
    return null;
  }
}

const strip = ({ kind: _kind, ...finding }: KindedFinding): Finding => finding;

/** JS/TS code rules: quick rules at CHEAP, ESLint (the run's shared pass, in a worker thread) at CAPABLE and PREMIUM. */
export async function scanJs(index: ProjectIndex, tier: Tier, signal?: AbortSignal): Promise<ScanOutcome> {
  const outcome = emptyOutcome();
  const files = [...index.byLanguage('javascript'), ...index.byLanguage('typescript')];
  if (files.length === 0) return outcome;
  if (tier === 'CHEAP') {
    outcome.tools.push({ name: 'empathy-js-quick-rules', version: null });
    outcome.toolsRan.push('empathy-js-quick-rules');
    for (const file of files)
      outcome.findings.push(...quickJsFindings(file.path, await index.read(file.path)));
    return outcome;
  }
  try {
    const lint = await securityLint(index, tier, signal);
    outcome.tools.push({ name: 'eslint', version: lint.eslintVersion });
    outcome.tools.push({ name: 'eslint-plugin-security', version: packageVersion('eslint-plugin-security') });
    if (tier === 'PREMIUM') {
      outcome.tools.push({
        name: 'eslint-plugin-no-unsanitized',
        version: packageVersion('eslint-plugin-no-unsanitized'),
      });
    }
    outcome.toolsRan.push('eslint');
    outcome.findings.push(...lint.findings);
    for (const failure of lint.parseFailures) {
      outcome.filesNotParsed.push(failure.file);
      outcome.notMeasured.push({
        what: `security code rules in ${failure.file}`,
        reason: failure.fatal
          ? `syntax error at line ${failure.line}: ${failure.message}`
          : `not linted: ${failure.message}`,
        fix: 'fix the syntax error (its secrets were still scanned)',
      });
    }
  } catch (error) {
    signal?.throwIfAborted();
    outcome.complete = false;
    outcome.notMeasured.push({ what: 'JS/TS security rules (eslint)', reason: errorMessage(error) });
  }
  return outcome;
}

/** Bump when our Python rules change what they report for the same text. */
const PYTHON_RULES_FILE_VERSION = '1';
const PYTHON_RULES_PARTS = { analyzer: 'python-rules-file', version: PYTHON_RULES_FILE_VERSION };

/**
 * Our Python rules as a consumer of the run's shared Python pass (shared/python-pass-plan.ts).
 *
 * @example
 * planPythonPass(index, [securityPythonConsumer(), lintPythonConsumer()]);
 */
export function securityPythonConsumer(): PythonConsumer {
  return { id: 'security', parts: PYTHON_RULES_PARTS, files: (index) => index.byLanguage('python') };
}

/** Our tree-sitter rules over `files` (cached per file); their tools and what they could not parse go into `outcome`. */
async function ourPythonRules(
  index: ProjectIndex,
  files: readonly ProjectFile[],
  options: SecurityOptions,
  outcome: ScanOutcome,
): Promise<KindedFinding[]> {
  const ours: KindedFinding[] = [];
  try {
    const { values } = await cachedPerFile(
      index,
      PYTHON_RULES_PARTS,
      files,
      async (missing) => {
        // The run's shared Python pass first; what it did not cover on this thread.
        const out: Map<string, PythonRuleResult> = await sharedPythonResults(index, 'security', missing, options.signal);
        const rest = missing.filter((f) => !out.has(f.path));
        if (rest.length === 0) return out;
        // Loaded on a miss only: a run served from the cache does not load tree-sitter.
        const { pythonRuleFindings } = await import('./python-rules.js');
        for (const file of rest) {
          options.signal?.throwIfAborted();
          out.set(file.path, await pythonRuleFindings(file.path, await index.read(file.path)));
        }
        return out;
      },
    );
    for (const [i, result] of values.entries()) {
      const file = files[i]!;
      ours.push(...result.findings);
      if (result.syntaxErrorLine !== null) {
        outcome.filesNotParsed.push(file.path);
        outcome.notMeasured.push({
          what: `python security rules in ${file.path}`,
          reason: `syntax error at line ${result.syntaxErrorLine}: rules ran only on the parts tree-sitter recovered`,
          fix: 'fix the syntax error',
        });
      }
    }
    outcome.tools.push({ name: 'empathy-python-rules', version: null });
    outcome.toolsRan.push('empathy-python-rules');
  } catch (error) {
    options.signal?.throwIfAborted();
    outcome.complete = false;
    outcome.notMeasured.push({ what: 'python security rules (tree-sitter)', reason: errorMessage(error) });
  }
  return ours;
}

/**
 * Python: our tree-sitter rules always; bandit at CAPABLE and PREMIUM when installed, in its
 * own processes while our rules run (both cached per file).
 */
export async function scanPython(
  index: ProjectIndex,
  tier: Tier,
  options: SecurityOptions,
): Promise<ScanOutcome> {
  const outcome = emptyOutcome();
  const files = index.byLanguage('python');
  if (files.length === 0) return outcome;
  const [ours, bandit] = await Promise.all([
    ourPythonRules(index, files, options, outcome),
    tier === 'CHEAP'
      ? null
      : runBandit(index, files, {
          command: options.banditCommand,
          timeoutMs: options.toolTimeoutMs ?? 120_000,
          signal: options.signal,
        }),
  ]);
  outcome.findings.push(...ours.map(strip));
  if (bandit === null) return outcome;
  options.signal?.throwIfAborted();
  if (bandit.status === 'missing') {
    outcome.notMeasured.push({
      what: 'bandit',
      reason: 'bandit is not installed (not on PATH); our own Python rules still ran',
      fix: 'install bandit (apt-get install bandit, or pip install bandit)',
    });
  } else if (bandit.status === 'failed') {
    outcome.tools.push({ name: 'bandit', version: bandit.version });
    outcome.notMeasured.push({ what: 'bandit', reason: bandit.reason });
    outcome.transient = true;
  } else {
    outcome.tools.push({ name: 'bandit', version: bandit.version });
    outcome.toolsRan.push('bandit');
    outcome.findings.push(...dedupeBandit(ours, bandit.findings).map(strip));
    for (const error of bandit.errors) {
      if (outcome.filesNotParsed.includes(error.file)) continue;
      outcome.notMeasured.push({ what: `bandit in ${error.file}`, reason: error.reason });
    }
  }
  return outcome;
}

/**
 * Dependency advisories (npm audit, its report reused while the registry's advisories are
 * unchanged: `npm-audit-reuse.ts`) at PREMIUM; otherwise says why it did not run.
 */
export async function scanDependencies(
  index: ProjectIndex,
  tier: Tier,
  options: SecurityOptions,
): Promise<DependencyAudit> {
  const none = { findings: [], vulnerablePackages: null, npmVersion: null };
  if (!existsSync(path.join(index.root, 'package.json'))) {
    return { state: 'not_applicable', reason: 'no package.json at the project root', ...none };
  }
  if (tier !== 'PREMIUM') {
    return { state: 'skipped', reason: `the dependency audit runs at PREMIUM (this run: ${tier})`, ...none };
  }
  const lockFile = NPM_LOCK_FILES.find((f) => existsSync(path.join(index.root, f)));
  if (!lockFile) {
    return {
      state: 'unavailable',
      reason: 'no package-lock.json: npm audit needs a lock file',
      fix: 'run `npm install --package-lock-only` and commit the lock file',
      ...none,
    };
  }
  return revalidatedNpmAudit(index, lockFile, {
    command: options.npmCommand,
    registry: options.auditRegistry,
    timeoutMs: options.toolTimeoutMs ?? 120_000,
    signal: options.signal,
  });
}
