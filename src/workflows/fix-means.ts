/**
 * The `code_fix` means of the `code_fixer` template: proposes the offline fixes for the run's
 * project, verifies them in a scratch copy (contained test runs) and returns the kept ones as one
 * unified diff plus the rejected ones with the reason. It never edits the project.
 *
 * @module
 */
import { defineMeans } from '../orchestration/agents/means-registry.js';
import type { Means, MeansInput, MeansOutput } from '../types.js';
import { isAnalysisServices } from './analysis-means.js';
import type { FileChange } from '../fixer/index.js';

/** The output of a code_fixer agent (snake_case, like every agent output). */
export interface CodeFixOutput extends Record<string, unknown> {
  fixes_proposed: number;
  fixes_kept: number;
  fixes_rejected: number;
  kept: Array<{ id: string; file: string; description: string }>;
  rejected: Array<{ id: string; file: string; reason: string; detail: string }>;
  /** The unified diff of the kept fixes ('' when none). */
  patch: string;
  /** The kept fixes' files before and after, for `--apply`. */
  files: FileChange[];
  test_command: string | null;
  notes: string[];
}

/** The means. */
export const codeFixMeans: Means = defineMeans({
  tool: 'code_fix',
  description:
    'proposes offline fixes (ESLint fixable rules, unused imports, security table) and keeps the verified ones',
  async run(input: MeansInput): Promise<MeansOutput> {
    if (!isAnalysisServices(input.services))
      throw new Error('code_fix needs the analysis services of a run (createAnalysisServices)');
    const { proposeFixes, verifyFixes, unifiedDiff } = await import('../fixer/index.js');
    const root = typeof input.context.path === 'string' ? input.context.path : input.services.projectRoot;
    const index = await input.services.projectIndex(root);
    const proposed = await proposeFixes(index, input.tier, { signal: input.signal });
    const testTimeoutMs = Math.max(60_000, (input.template.resourceRequirements.timeoutSeconds * 1000) / 4);
    const verdict = await verifyFixes(index, proposed, {
      tier: input.tier,
      testTimeoutMs,
      signal: input.signal,
    });
    const output: CodeFixOutput = {
      fixes_proposed: proposed.length,
      fixes_kept: verdict.kept.length,
      fixes_rejected: verdict.rejected.length,
      kept: verdict.kept.map((f) => ({ id: f.id, file: f.file, description: f.description })),
      rejected: verdict.rejected.map((r) => ({
        id: r.fix.id,
        file: r.fix.file,
        reason: r.reason,
        detail: r.detail,
      })),
      patch: unifiedDiff(verdict.kept),
      files: verdict.kept.map((f) => ({ file: f.file, before: f.before, after: f.after })),
      test_command: verdict.testCommand,
      notes: verdict.notes,
    };
    // The learning loop's record: success = at least one verified fix, quality = share of fixes kept.
    if (verdict.kept.length > 0) return { output, confidence: verdict.kept.length / proposed.length };
    const why =
      proposed.length === 0
        ? 'no finding has an offline fix (ESLint fixable rules, unused imports, the security table)'
        : `no fix verified: ${verdict.rejected
            .map((r) => `${r.fix.file}: ${r.detail}`)
            .slice(0, 3)
            .join('; ')}`;
    return { output, confidence: 0, success: false, error: why };
  },
});
