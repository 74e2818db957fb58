/**
 * Test helpers of the providers layer: an inline template, a measured tool means, and a
 * model-notes answer. (Not part of the public API.)
 *
 * @module
 */
import { defineMeans, MeansRegistry } from '../orchestration/agents/means-registry.js';
import type { AgentTemplate, Tier } from '../types.js';

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
