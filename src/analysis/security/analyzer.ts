/**
 * The security analyser (id `security`): hard-coded secrets (secretlint, every text file,
 * critical), JS/TS code rules (quick rules at CHEAP; eslint-plugin-security at CAPABLE;
 * plus eslint-plugin-no-unsanitized at PREMIUM, in a worker thread), Python rules (ours on
 * tree-sitter at every tier; bandit at CAPABLE and PREMIUM when installed) and dependency
 * advisories (npm audit, PREMIUM). Severities come from our table (severity-table.ts,
 * docs/security-severity.md). What could not be measured is reported, never counted as 0.
 *
 * @module
 */
import { findExecutable } from '../../core/run-command.js';
import { errorMessage } from '../../errors.js';
import type { ProjectIndex } from '../../project/types.js';
import { TIERS } from '../../types.js';
import { defineAnalyzer } from '../define-analyzer.js';
import { securityEslintConsumer } from './eslint-lint.js';
import { computeFigures, sortFindings } from './figures.js';
import { scanDependencies, scanJs, scanPython, emptyOutcome, securityPythonConsumer, type ScanOutcome } from './scans.js';
import { scanSecretsOutsideIndex } from './secret-coverage.js';
import { scanSecrets } from './secrets.js';
import { suppress, suppressionComments, suppressionFigures, suppressionWarnings } from './suppress-report.js';
import { capTestFindings } from './test-code.js';
import type { SecurityFigures, SecurityOptions } from './types.js';

/** Version of the security analyser (part of cache keys): bump when rules or the table change. */
export const SECURITY_ANALYZER_VERSION = '2.0.0';

async function secretsOutcome(index: ProjectIndex): Promise<ScanOutcome> {
  const outcome = emptyOutcome();
  try {
    const scan = await scanSecrets(index);
    outcome.tools.push({ name: 'secretlint', version: scan.version });
    outcome.toolsRan.push('secretlint');
    outcome.findings.push(...scan.findings);
    for (const failure of scan.failures) {
      outcome.notMeasured.push({ what: `secrets in ${failure.file}`, reason: failure.reason });
    }
  } catch (error) {
    outcome.complete = false;
    outcome.notMeasured.push({ what: 'hard-coded secrets (secretlint)', reason: errorMessage(error) });
  }
  return outcome;
}

/**
 * The security analyser.
 *
 * @example
 * const index = await buildProjectIndex('/path/to/repo');
 * const report = await securityAnalyzer.analyze(index, { tier: 'CAPABLE' });
 * report.figures.critical_issues; // e.g. 3, or null when the code scan could not run
 * report.figures.dependency_audit; // 'skipped' below PREMIUM
 */
export const securityAnalyzer = defineAnalyzer<SecurityFigures, SecurityOptions>({
  meta: {
    id: 'security',
    version: SECURITY_ANALYZER_VERSION,
    tool: 'security_scan',
    description: 'Security findings: JS/TS rules, hard-coded secrets, Python rules, dependency advisories',
    primaryFigure: 'critical_issues',
    tiers: TIERS,
  },
  eslintConsumers: (tier) => (tier === 'CHEAP' ? [] : [securityEslintConsumer(tier)]),
  pythonConsumers: () => [securityPythonConsumer()],
  async analyze(index, options, { tier, cached: throughCache }) {
    const { signal } = options;
    // The code scans depend only on the files, the tier and which bandit is installed, so they
    // go through the result cache (complete scans only); the dependency audit asks the
    // registry every time.
    const bandit = tier === 'CHEAP' ? null : findExecutable(options.banditCommand ?? 'bandit');
    const codeScans = throughCache(
      { options: { tier, bandit } },
      async () => {
        // The JS lint runs in a worker thread: started first so it overlaps the rest, and awaited
        // in the same Promise.all, so that its rejection (an interrupted run) is never left
        // unhandled while the other scans finish.
        const [js, secrets, python, comments] = await Promise.all([
          scanJs(index, tier, signal),
          secretsOutcome(index),
          scanPython(index, tier, options),
          suppressionComments(index),
        ]);
        return [secrets, js, python, comments];
      },
      { store: (scans) => scans.every((o) => o.complete && !o.transient) },
    );
    // Files outside the index (default-excluded, too large, gitignored but tracked, user-excluded)
    // are scanned for secrets on every run: their hashes are in no cache key.
    const [{ value: cachedOutcomes, cached }, audit, outside] = await Promise.all([
      codeScans,
      scanDependencies(index, tier, options),
      scanSecretsOutsideIndex(index, 0, signal),
    ]);
    const [secrets] = cachedOutcomes as [ScanOutcome, ...ScanOutcome[]];
    const outcomes = [...cachedOutcomes, outside.outcome];
    const secretsScannedInIndex = secrets.complete ? index.files.length - secrets.notMeasured.length : 0;
    const secretScan = {
      ...outside.coverage,
      files_scanned: outside.coverage.files_scanned + secretsScannedInIndex,
    };
    signal?.throwIfAborted();

    const all = sortFindings(capTestFindings([...outcomes.flatMap((o) => o.findings), ...audit.findings]));
    const { findings, suppressed, baseline } = await suppress(index, all, options);
    const notMeasured = outcomes.flatMap((o) => o.notMeasured);
    const warnings = outcomes.flatMap((o) => o.warnings);
    const tools = outcomes.flatMap((o) => o.tools);
    const toolsRan = outcomes.flatMap((o) => o.toolsRan);
    let codeScanComplete = outcomes.every((o) => o.complete);
    if (index.files.length === 0) {
      codeScanComplete = false;
      notMeasured.push({
        what: 'security scan',
        reason: 'the project has no text files to scan',
        fix: 'check --path',
      });
    }
    if (audit.state === 'unavailable') {
      warnings.push(`dependency audit unavailable: ${audit.reason}`);
      notMeasured.push({
        what: 'dependency audit (npm audit)',
        reason: audit.reason ?? 'unavailable',
        ...(audit.fix ? { fix: audit.fix } : {}),
      });
    }
    if (audit.npmVersion !== null || audit.state === 'ok') {
      tools.push({ name: 'npm audit', version: audit.npmVersion });
      if (audit.state === 'ok') toolsRan.push('npm-audit');
    }
    for (const item of notMeasured) if (item.what === 'bandit') warnings.push(`bandit: ${item.reason}`);
    warnings.push(...suppressionWarnings(suppressed, baseline));
    const filesNotParsed = new Set(outcomes.flatMap((o) => o.filesNotParsed)).size;

    return {
      figures: {
        ...computeFigures({
          findings,
          codeScanComplete,
          audit,
          toolsRan,
          filesNotParsed,
          warnings,
          secretScan,
        }),
        ...suppressionFigures(suppressed, baseline),
      },
      findings,
      tools,
      // Every text file is scanned for secrets (also outside the index); unreadable ones are not counted.
      filesCounted: secrets.complete ? secretScan.files_scanned : 0,
      notMeasured,
      cached,
    };
  },
});
