/**
 * Model-backed agents: a wrapper around an agent's tool means. The tools run first; then
 * the model gets the agent's instructions, the tool facts and code excerpts (redacted,
 * framed as data) and answers {findings, recommendations, confidence}. The agent's output
 * keeps the tool figures untouched and adds `model_notes` apart: gate figures come only
 * from measurements. The model's confidence is clamped and never above the tool's.
 *
 * @module
 */
import { z } from 'zod';
import { getLogger } from '../core/logger.js';
import { defineMeans, MeansRegistry } from '../orchestration/agents/means-registry.js';
import { addUsage, normaliseUsage } from '../core/usage.js';
import { clampConfidence } from '../orchestration/strategies/results.js';
import type { Means, MeansInput, MeansOutput, Usage } from '../types.js';
import type { ModelCaller } from './model-client.js';
import { buildAgentPrompt } from './prompt-builder.js';
import { callStructured } from './structured.js';

const log = getLogger('providers.means');

/** What the model returns for an agent (zod schema, also sent to the model as JSON Schema). */
export const modelNotesSchema = z.object({
  findings: z
    .array(
      z.object({
        summary: z.string().min(1),
        file: z.string().optional(),
        line: z.number().int().nonnegative().optional(),
        severity: z.enum(['critical', 'high', 'medium', 'low', 'info']).optional(),
      }),
    )
    .max(50),
  recommendations: z.array(z.string().min(1)).max(20),
  confidence: z.number().min(0).max(1),
});

/** The model's answer. */
export type ModelNotes = z.infer<typeof modelNotesSchema>;

/** Options of {@link modelBackedMeans}. */
export interface ModelMeansOptions {
  client: ModelCaller;
  /** Globs of files never sent to the provider (config `exclude` + `provider.exclude`). */
  exclude?: readonly string[];
}

function usageWire(usage: Usage): Record<string, unknown> {
  return {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    calls: usage.calls,
    cost_usd: usage.costUsd,
  };
}

/**
 * Wraps a tool means so a model reasons over its results.
 *
 * @example
 * const means = modelBackedMeans(registry.get('security_scan')!, { client });
 */
export function modelBackedMeans(inner: Means, options: ModelMeansOptions): Means {
  const { client } = options;
  return defineMeans({
    tool: inner.tool,
    description: `${inner.description} (with ${client.settings.name} model notes)`,
    async run(input: MeansInput): Promise<MeansOutput> {
      const tool = await inner.run(input);
      const toolConfidence = clampConfidence(tool.confidence);
      const base = {
        provider: client.settings.name,
        tier: input.tier,
        model: client.settings.models[input.tier],
      };
      if (tool.success === false || !tool.output || typeof tool.output !== 'object') {
        return {
          ...tool,
          output: {
            ...tool.output,
            model_notes: {
              ...base,
              status: 'skipped',
              reason: 'the tool measurement failed; the model is not consulted without measurements',
            },
          },
        };
      }
      const root =
        typeof input.context.path === 'string'
          ? input.context.path
          : String(input.services['projectRoot'] ?? '.');
      const built = await buildAgentPrompt({
        template: input.template,
        toolOutput: tool.output,
        root,
        services: input.services,
        exclude: [...(options.exclude ?? []), ...client.settings.exclude],
      });
      const outcome = await callStructured(client, {
        tier: input.tier,
        system: built.system,
        prompt: built.prompt,
        schema: modelNotesSchema,
        maxOutputTokens: built.maxOutputTokens,
        agentId: input.template.id,
        signal: input.signal,
      });
      const usage = addUsage(normaliseUsage(tool.usage), outcome.usage);
      const common = {
        attempts: outcome.attempts,
        redactions: built.redactions.length,
        excerpts: built.excerpts.included,
        usage: usageWire(outcome.usage),
      };
      log.debug('model notes', {
        agentId: input.template.id,
        status: outcome.status,
        calls: outcome.usage.calls,
      });
      if (outcome.status !== 'ok') {
        return {
          ...tool,
          usage,
          output: {
            ...tool.output,
            model_notes: { ...base, status: outcome.status, reason: outcome.message, ...common },
          },
        };
      }
      const stated = clampConfidence(outcome.value.confidence);
      const confidence = Math.min(stated, toolConfidence);
      return {
        ...tool,
        confidence,
        usage,
        output: {
          ...tool.output,
          model_notes: {
            ...base,
            tier: outcome.tier,
            model: outcome.model,
            status: 'answered',
            findings: outcome.value.findings,
            recommendations: outcome.value.recommendations,
            confidence,
            stated_confidence: stated,
            tool_confidence: toolConfidence,
            ...common,
          },
        },
      };
    },
  });
}

/**
 * A new registry whose every means is wrapped by {@link modelBackedMeans}, except a means that
 * consults the model itself: its {@link Means.withModel} variant is registered instead.
 */
export function wrapRegistryWithModel(registry: MeansRegistry, options: ModelMeansOptions): MeansRegistry {
  const wrapped = new MeansRegistry();
  const model = { client: options.client, exclude: options.exclude ?? [] };
  for (const means of registry.list())
    wrapped.register(means.withModel ? means.withModel(model) : modelBackedMeans(means, options));
  return wrapped;
}
