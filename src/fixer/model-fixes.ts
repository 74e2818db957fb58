/**
 * Model-written fixes for the findings the offline tools leave: one request per finding (the
 * finding, the lines around it, the file's style), its answer applied as exact search/replace
 * edits to the file as it is. The result is a proposal like any other: verification decides.
 * Every call goes through the run's {@link ModelClient} (counted in usage, refused when it could
 * cross `--max-cost`); the first call the client skips (budget, open breaker, unknown price,
 * cancelled) stops the requests, and every finding not asked about is listed with the reason.
 *
 * @module
 */
import { addUsage, emptyUsage } from '../core/usage.js';
import type { ModelCaller } from '../providers/model-client.js';
import { isSecretFile } from '../providers/redaction.js';
import { callStructured } from '../providers/structured.js';
import type { ProjectIndex } from '../project/types.js';
import type { Tier, Usage } from '../types.js';
import { applyModelPatch, fixPrompt, fixSystemPrompt, modelPatchSchema } from './model-prompt.js';
import type { OpenFinding } from './open-findings.js';
import type { ProposedFix, RejectedFix } from './types.js';

/** Options of {@link modelFixes}. */
export interface ModelFixOptions {
  client: ModelCaller;
  tier: Tier;
  /** Globs of files never sent to the provider (the provider settings' excludes are added). */
  exclude: readonly string[];
  /** Agent the calls are counted under. */
  agentId: string;
  signal?: AbortSignal;
  /** Most findings asked about in one run (default 20); the rest are listed as skipped. */
  maxRequests?: number;
  /** Output cap of one call, in tokens (default 2048; also the worst case the budget reserves). */
  maxOutputTokens?: number;
}

/** A finding the model was not asked about, and why. */
export interface SkippedFinding {
  finding: OpenFinding;
  reason: string;
}

/** What {@link modelFixes} returns. */
export interface ModelFixResult {
  /** Fixes whose edits applied; verification decides which are kept. */
  proposed: ProposedFix[];
  /** Answers that could not be turned into a fix (reason `malformed_patch`). */
  unusable: RejectedFix[];
  skipped: SkippedFinding[];
  /** Findings a request was made for. */
  requested: number;
  usage: Usage;
}

const findingId = (f: OpenFinding) => `model:${f.file}:${f.line}:${f.rule}`;

/**
 * Asks the model for a fix of each of `findings` (in order, within the budget).
 *
 * @example
 * const result = await modelFixes(index, await openFindings(index, 'CAPABLE'), { client: runtime.client, tier: 'CAPABLE', exclude: [], agentId: 'code_fixer' });
 * const verdict = await verifyFixes(index, [...offline, ...result.proposed], options);
 */
export async function modelFixes(
  index: ProjectIndex,
  findings: readonly OpenFinding[],
  options: ModelFixOptions,
): Promise<ModelFixResult> {
  const limit = Math.max(0, Math.floor(options.maxRequests ?? 20));
  const exclude = [...options.exclude, ...options.client.settings.exclude];
  const result: ModelFixResult = {
    proposed: [],
    unusable: [],
    skipped: [],
    requested: 0,
    usage: emptyUsage(),
  };
  let stop: string | null = null;
  const system = fixSystemPrompt();
  for (const finding of findings) {
    if (stop === null && result.requested >= limit)
      stop = `beyond the ${limit} finding(s) one run asks the model about`;
    if (stop !== null) {
      result.skipped.push({ finding, reason: stop });
      continue;
    }
    if (isSecretFile(finding.file, exclude)) {
      result.skipped.push({ finding, reason: 'the file is never sent to the provider (secret or excluded)' });
      continue;
    }
    const before = await index.read(finding.file);
    result.requested += 1;
    const answer = await callStructured(options.client, {
      tier: options.tier,
      system,
      prompt: await fixPrompt(finding, before),
      schema: modelPatchSchema,
      maxOutputTokens: options.maxOutputTokens ?? 2048,
      agentId: options.agentId,
      signal: options.signal,
    });
    result.usage = addUsage(result.usage, answer.usage);
    const fix: ProposedFix = {
      id: findingId(finding),
      source: 'model',
      file: finding.file,
      description: `model patch for ${finding.rule} (line ${finding.line})`,
      fixes: [{ rule: finding.rule, count: 1 }],
      before,
      after: before,
    };
    if (answer.status === 'skipped') {
      result.requested -= 1;
      stop = `${answer.reason ?? 'skipped'}: ${answer.message}`;
      result.skipped.push({ finding, reason: stop });
      continue;
    }
    if (answer.status === 'failed') {
      result.skipped.push({ finding, reason: `model call failed: ${answer.message}` });
      continue;
    }
    if (answer.status !== 'ok') {
      result.unusable.push({ fix, reason: 'malformed_patch', detail: answer.message });
      continue;
    }
    const applied = applyModelPatch(before, answer.value);
    if ('error' in applied) {
      result.unusable.push({ fix, reason: 'malformed_patch', detail: applied.error });
      continue;
    }
    const why = answer.value.explanation.trim().split('\n')[0]?.slice(0, 200);
    result.proposed.push({
      ...fix,
      description: `${fix.description}${why ? `: ${why}` : ''}`,
      after: applied.text,
    });
  }
  return result;
}
