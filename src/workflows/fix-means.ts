/**
 * The `code_fix` means of the `code_fixer` template: proposes the offline fixes for the run's
 * project and, with a model configured, a model-written patch for each finding the offline tools
 * leave (within the budget); verifies them all the same way in a scratch copy (contained test
 * runs) and returns the kept ones as one unified diff plus the rejected ones with the reason. It
 * never edits the project.
 *
 * @module
 */
import { defineMeans } from '../orchestration/agents/means-registry.js';
import type { Means, MeansInput, MeansModel, MeansOutput } from '../types.js';
import { isAnalysisServices } from './analysis-means.js';
import type { FileChange, ModelFixResult, ProposedFix } from '../fixer/index.js';

/** What the model did in a fix run (snake_case, part of {@link CodeFixOutput}). */
export interface CodeFixModelOutput extends Record<string, unknown> {
  provider: string;
  /** Findings the offline tools leave. */
  open_findings: number;
  /** Findings a patch was asked for. */
  requested: number;
  /** Answers turned into a fix (verification then decides). */
  proposed: number;
  calls: number;
  cost_usd: number | null;
  /** Findings not asked about, with the reason (budget, limit, excluded file, failed call). */
  skipped: Array<{ file: string; line: number; rule: string; reason: string }>;
}

/** The output of a code_fixer agent (snake_case, like every agent output). */
export interface CodeFixOutput extends Record<string, unknown> {
  fixes_proposed: number;
  fixes_kept: number;
  fixes_rejected: number;
  kept: Array<{ id: string; file: string; description: string; source: string }>;
  rejected: Array<{ id: string; file: string; reason: string; detail: string; source: string }>;
  /** The unified diff of the kept fixes ('' when none). */
  patch: string;
  /** The kept fixes' files before and after (one entry per file), for `--apply`. */
  files: FileChange[];
  test_command: string | null;
  /** Model-written patches: null offline (no provider configured). */
  model: CodeFixModelOutput | null;
  notes: string[];
}

function modelOutput(model: MeansModel, open: number, result: ModelFixResult): CodeFixModelOutput {
  return {
    provider: model.client.settings.name,
    open_findings: open,
    requested: result.requested,
    proposed: result.proposed.length,
    calls: result.usage.calls,
    cost_usd: result.usage.costUsd,
    skipped: result.skipped.map((s) => ({
      file: s.finding.file,
      line: s.finding.line,
      rule: s.finding.rule,
      reason: s.reason,
    })),
  };
}

/** One note per distinct skip reason, naming the findings it skipped (at most 10 each). */
function skippedNotes(result: ModelFixResult): string[] {
  const byReason = new Map<string, string[]>();
  for (const s of result.skipped)
    byReason.set(s.reason, [
      ...(byReason.get(s.reason) ?? []),
      `${s.finding.file}:${s.finding.line} ${s.finding.rule}`,
    ]);
  return [...byReason].map(
    ([reason, list]) =>
      `model patches: ${list.length} finding(s) not asked about (${reason}): ${list.slice(0, 10).join(', ')}${list.length > 10 ? ', ...' : ''}`,
  );
}

/** One note naming the files no fix was proposed for because they are not the project's own code. */
function leftOutNotes(leftOut: ReadonlyMap<string, string>): string[] {
  if (leftOut.size === 0) return [];
  const list = [...leftOut].map(([file, why]) => `${file} (${why})`);
  return [
    `${leftOut.size} file(s) left unfixed as third-party or generated code: ${list.slice(0, 10).join(', ')}${list.length > 10 ? ', ...' : ''}`,
  ];
}

/** The code_fix means, offline (`model` null) or with the run's model. */
function createCodeFixMeans(model: MeansModel | null): Means {
  return defineMeans({
    tool: 'code_fix',
    description: model
      ? `proposes offline fixes and ${model.client.settings.name} model patches for the other findings, and keeps the verified ones`
      : 'proposes offline fixes (ESLint fixable rules, unused imports, security table) and keeps the verified ones',
    withModel: (m) => createCodeFixMeans(m),
    async run(input: MeansInput): Promise<MeansOutput> {
      if (!isAnalysisServices(input.services))
        throw new Error('code_fix needs the analysis services of a run (createAnalysisServices)');
      const { proposeFixes, verifyFixes, unifiedDiff, openFindings, modelFixes, thirdPartyFiles } =
        await import('../fixer/index.js');
      const root = typeof input.context.path === 'string' ? input.context.path : input.services.projectRoot;
      const index = await input.services.projectIndex(root);
      const leftOut = await thirdPartyFiles(index);
      const offline = await proposeFixes(index, input.tier, { signal: input.signal, leftOut });
      let byModel: ModelFixResult | null = null;
      let open = 0;
      if (model) {
        const findings = await openFindings(index, input.tier, input.signal, leftOut);
        open = findings.length;
        byModel = await modelFixes(index, findings, {
          client: model.client,
          tier: input.tier,
          exclude: model.exclude,
          agentId: input.template.id,
          signal: input.signal,
        });
      }
      const proposed: ProposedFix[] = [...offline, ...(byModel?.proposed ?? [])];
      const testTimeoutMs = Math.max(60_000, (input.template.resourceRequirements.timeoutSeconds * 1000) / 4);
      const verdict = await verifyFixes(index, proposed, {
        tier: input.tier,
        testTimeoutMs,
        signal: input.signal,
      });
      const rejected = [...(byModel?.unusable ?? []), ...verdict.rejected];
      const total = proposed.length + (byModel?.unusable.length ?? 0);
      const output: CodeFixOutput = {
        fixes_proposed: total,
        fixes_kept: verdict.kept.length,
        fixes_rejected: rejected.length,
        kept: verdict.kept.map((f) => ({
          id: f.id,
          file: f.file,
          description: f.description,
          source: f.source,
        })),
        rejected: rejected.map((r) => ({
          id: r.fix.id,
          file: r.fix.file,
          reason: r.reason,
          detail: r.detail,
          source: r.fix.source,
        })),
        patch: unifiedDiff(verdict.changes),
        files: verdict.changes,
        test_command: verdict.testCommand,
        model: model && byModel ? modelOutput(model, open, byModel) : null,
        notes: [...leftOutNotes(leftOut), ...verdict.notes, ...(byModel ? skippedNotes(byModel) : [])],
      };
      const usage = byModel?.usage;
      // The learning loop's record: success = at least one verified fix, quality = share of fixes kept.
      if (verdict.kept.length > 0)
        return { output, confidence: verdict.kept.length / total, ...(usage ? { usage } : {}) };
      const why =
        total === 0
          ? model
            ? 'no fix proposed: no offline fix applies and no model patch could be asked for or used'
            : 'no finding has an offline fix (ESLint fixable rules, unused imports, the security table)'
          : `no fix verified: ${rejected
              .map((r) => `${r.fix.file}: ${r.detail}`)
              .slice(0, 3)
              .join('; ')}`;
      return { output, confidence: 0, success: false, error: why, ...(usage ? { usage } : {}) };
    },
  });
}

/** The means (offline; with a model configured, `withModel` builds the variant that asks it). */
export const codeFixMeans: Means = createCodeFixMeans(null);
