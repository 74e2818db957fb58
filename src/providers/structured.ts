/**
 * Structured output with a zod schema. The model is asked for one JSON object matching the
 * schema (given as JSON Schema). An answer that does not parse gets one repair attempt
 * (the model sees its answer and the error), then one fresh retry, then the call is
 * escalated one tier (the teaching pattern in miniature). Every attempt is counted in usage.
 *
 * @module
 */
import { z } from 'zod';
import { addUsage, emptyUsage } from '../core/usage.js';
import { TIERS, type Tier, type Usage } from '../types.js';
import type { ModelClient } from './model-client.js';
import type { SkipReason } from './types.js';
import { frameAsData } from './redaction.js';

/** One attempt of a structured call. */
export interface StructuredAttempt {
  kind: 'first' | 'repair' | 'retry' | 'escalation';
  tier: Tier;
  model: string;
  /** `parsed`: valid; `invalid`: answered but not valid; `skipped`/`failed`: no answer. */
  result: 'parsed' | 'invalid' | 'skipped' | 'failed';
  error: string | null;
}

/** The outcome of {@link callStructured}. */
export type StructuredOutcome<T> =
  | { status: 'ok'; value: T; tier: Tier; model: string; attempts: StructuredAttempt[]; usage: Usage }
  | {
      status: 'skipped' | 'failed' | 'invalid';
      message: string;
      /** Why a skipped call was not made (budget, open breaker, unknown price, cancelled). */
      reason?: SkipReason;
      attempts: StructuredAttempt[];
      usage: Usage;
    };

/** A structured request. */
export interface StructuredRequest<T> {
  tier: Tier;
  system: string;
  prompt: string;
  schema: z.ZodType<T>;
  maxOutputTokens: number;
  agentId: string;
  signal?: AbortSignal;
}

/** Pulls the JSON object out of an answer (code fences and prose around it are tolerated). */
export function parseJsonAnswer<T>(text: string, schema: z.ZodType<T>): { value: T } | { error: string } {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return { error: 'the answer contains no JSON object' };
  let raw: unknown;
  try {
    raw = JSON.parse(text.slice(start, end + 1));
  } catch (error) {
    return { error: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { value: parsed.data };
  const issue = parsed.error.issues[0];
  return {
    error: `does not match the schema: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`,
  };
}

/** The system prompt suffix that asks for JSON matching `schema`. */
export function jsonInstructions(schema: z.ZodType): string {
  return (
    'Answer with one JSON object only (no prose, no code fences) that matches this JSON Schema:\n' +
    JSON.stringify(z.toJSONSchema(schema))
  );
}

/**
 * Makes a structured call with repair, retry and one escalation.
 *
 * @example
 * const outcome = await callStructured(client, { tier: 'CHEAP', system, prompt, schema: modelNotesSchema, maxOutputTokens: 1024, agentId: 'code_reviewer' });
 * if (outcome.status === 'ok') outcome.value.recommendations;
 */
export async function callStructured<T>(
  client: Pick<ModelClient, 'call'>,
  request: StructuredRequest<T>,
): Promise<StructuredOutcome<T>> {
  const attempts: StructuredAttempt[] = [];
  let usage = emptyUsage();
  const system = `${request.system}\n\n${jsonInstructions(request.schema)}`;
  const next = TIERS[TIERS.indexOf(request.tier) + 1];
  const plan: { kind: StructuredAttempt['kind']; tier: Tier }[] = [
    { kind: 'first', tier: request.tier },
    { kind: 'repair', tier: request.tier },
    { kind: 'retry', tier: request.tier },
    ...(next ? [{ kind: 'escalation' as const, tier: next }] : []),
  ];
  let previous: { text: string; error: string } | null = null;
  for (const step of plan) {
    const prompt =
      step.kind === 'repair' && previous
        ? `${request.prompt}\n\nYour previous answer was:\n${frameAsData('previous answer', previous.text)}\nIt is not usable: ${previous.error}. Reply with the corrected JSON object only.`
        : request.prompt;
    const outcome = await client.call({
      tier: step.tier,
      system,
      prompt,
      maxOutputTokens: request.maxOutputTokens,
      agentId: request.agentId,
      signal: request.signal,
    });
    if (outcome.status === 'skipped') {
      attempts.push({
        kind: step.kind,
        tier: step.tier,
        model: outcome.model,
        result: 'skipped',
        error: outcome.message,
      });
      return { status: 'skipped', message: outcome.message, reason: outcome.reason, attempts, usage };
    }
    usage = addUsage(usage, outcome.usage);
    if (outcome.status === 'failed') {
      attempts.push({
        kind: step.kind,
        tier: step.tier,
        model: outcome.model,
        result: 'failed',
        error: outcome.message,
      });
      return { status: 'failed', message: outcome.message, attempts, usage };
    }
    const parsed = parseJsonAnswer(outcome.text, request.schema);
    if ('value' in parsed) {
      attempts.push({
        kind: step.kind,
        tier: step.tier,
        model: outcome.model,
        result: 'parsed',
        error: null,
      });
      return { status: 'ok', value: parsed.value, tier: step.tier, model: outcome.model, attempts, usage };
    }
    attempts.push({
      kind: step.kind,
      tier: step.tier,
      model: outcome.model,
      result: 'invalid',
      error: parsed.error,
    });
    previous = { text: outcome.text.slice(0, 4000), error: parsed.error };
  }
  return {
    status: 'invalid',
    message: `no valid structured answer after ${attempts.length} attempts (last: ${previous?.error ?? 'unknown'})`,
    attempts,
    usage,
  };
}
