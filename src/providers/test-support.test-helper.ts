/**
 * Test helpers of the providers layer: an inline template, a measured tool means, a
 * model-notes answer, and a model runtime answered by a scripted model. (Not part of the public API.)
 *
 * @module
 */
import { defineMeans, MeansRegistry } from '../orchestration/agents/means-registry.js';
import type { ScriptedModel } from '../testing/scripted-model.js';
import type { AgentTemplate, Tier } from '../types.js';
import { createModelRuntime, type ModelRuntime } from './runtime.js';
import type { ProviderFlags } from './settings.js';

/** An inline template using the `fake_scan` tool. */
export function template(id: string, tier: Tier = 'CHEAP', maxTokens = 2000): AgentTemplate {
  return {
    id,
    role: `Reviewer ${id}`,
    capabilities: ['code_review'],
    tierPreference: tier,
    tools: ['fake_scan'],
    defaultInstructions: 'Review the measured findings.',
    qualityGates: {},
    resourceRequirements: { minTokens: 0, maxTokens, timeoutSeconds: 30, memoryMb: 64 },
  };
}

/** A registry with one tool means that reports a fixed measurement (figures and two findings). */
export function measuredRegistry(confidence = 0.9): MeansRegistry {
  return new MeansRegistry().register(
    defineMeans({
      tool: 'fake_scan',
      description: 'Reports a fixed measurement',
      run: async () => ({
        output: {
          figures: { critical_issues: 1, high_issues: 0 },
          findings: [
            { file: 'src/a.js', line: 3, rule: 'r1', severity: 'critical', message: 'eval of input' },
            { file: 'src/b.js', line: 1, rule: 'r2', severity: 'low', message: 'unused variable' },
          ],
          not_measured: [],
        },
        confidence,
      }),
    }),
  );
}

/** A valid model-notes answer. */
export const NOTES_JSON = JSON.stringify({
  findings: [{ summary: 'eval on user input in src/a.js', file: 'src/a.js', line: 3, severity: 'critical' }],
  recommendations: ['Replace eval with JSON.parse'],
  confidence: 0.8,
});

/**
 * A model runtime (provider `anthropic`, no key needed) whose answers come from `scripted`, with
 * 5 ms retry back-off; `provider` adds provider config keys, `flags` the command-line ones.
 */
export function scriptedRuntime(
  scripted: ScriptedModel,
  flags: ProviderFlags = {},
  provider: Record<string, unknown> = {},
): ModelRuntime {
  const runtime = createModelRuntime(
    { provider: { name: 'anthropic', ...provider } },
    flags,
    {},
    { languageModel: scripted.factory, retry: { baseDelayMs: 5 } },
  );
  if (!runtime) throw new Error('runtime expected');
  return runtime;
}
