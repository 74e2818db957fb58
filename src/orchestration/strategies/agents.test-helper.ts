/**
 * Test helpers: inline templates and scripted agents for the runner and strategy tests.
 * (Not part of the public API; the file name keeps it out of the published package.)
 *
 * @module
 */
import type { AgentTemplate, MeansInput, MeansOutput, Tier } from '../../types.js';
import { defineAgent, type DefinedAgent } from '../agents/define-agent.js';

/** An inline template (tests must not depend on the real template catalogue). */
export function makeTemplate(
  id: string,
  tier: Tier = 'CHEAP',
  overrides: Partial<AgentTemplate> = {},
): AgentTemplate {
  return {
    id,
    role: `Test ${id}`,
    capabilities: ['testing'],
    tierPreference: tier,
    tools: [],
    defaultInstructions: `Scripted test agent ${id}.`,
    qualityGates: {},
    resourceRequirements: { minTokens: 0, maxTokens: 0, timeoutSeconds: 60, memoryMb: 64 },
    ...overrides,
  };
}

/** What a scripted agent does. */
export type Behaviour =
  | {
      kind: 'ok';
      confidence?: number;
      output?: Record<string, unknown>;
      delayMs?: number;
      usage?: MeansOutput['usage'];
    }
  | { kind: 'fail'; message: string; confidence?: number }
  | { kind: 'throw'; message: string }
  | { kind: 'hang' };

/** Calls seen by scripted agents, for assertions. */
export interface CallLog {
  calls: { id: string; input: MeansInput }[];
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** A defined agent that follows `behaviour` and records its calls in `log`. */
export function scripted(
  id: string,
  behaviour: Behaviour,
  options: { tier?: Tier; timeoutSeconds?: number; log?: CallLog } = {},
): DefinedAgent {
  const template = makeTemplate(id, options.tier ?? 'CHEAP', {
    resourceRequirements: {
      minTokens: 0,
      maxTokens: 0,
      timeoutSeconds: options.timeoutSeconds ?? 60,
      memoryMb: 64,
    },
  });
  return defineAgent({
    template,
    run: async (input) => {
      options.log?.calls.push({ id, input });
      switch (behaviour.kind) {
        case 'ok':
          if (behaviour.delayMs) await sleep(behaviour.delayMs, input.signal);
          return {
            output: behaviour.output ?? { agent: id },
            confidence: behaviour.confidence ?? 0.9,
            ...(behaviour.usage ? { usage: behaviour.usage } : {}),
          };
        case 'fail':
          return {
            output: { partial: true },
            confidence: behaviour.confidence ?? 0.2,
            success: false,
            error: behaviour.message,
          };
        case 'throw':
          throw new Error(behaviour.message);
        case 'hang':
          return new Promise<MeansOutput>(() => undefined);
      }
    },
  });
}
