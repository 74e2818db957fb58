import { describe, expect, it } from 'vitest';
import type { AgentResult } from '../../types.js';
import type { AgentExecutor, AgentRequest } from './agent-executor.js';
import { AgentRunner } from './agent-runner.js';
import { defineAgent } from './define-agent.js';
import { ParallelStrategy } from '../strategies/parallel.js';
import { makeTemplate } from '../strategies/agents.test-helper.js';

/** An executor that records the requests and answers from a table. */
function recordingExecutor(
  answer: (request: AgentRequest) => Promise<AgentResult>,
): AgentExecutor & { requests: AgentRequest[] } {
  const requests: AgentRequest[] = [];
  return {
    kind: 'recording',
    requests,
    execute(request) {
      requests.push(request);
      return answer(request);
    },
  };
}

const ok = (request: AgentRequest): Promise<AgentResult> =>
  Promise.resolve({
    agentId: request.agent.id,
    success: true,
    output: { ran: 'elsewhere', path: request.context.path },
    confidence: 0.9,
    durationSeconds: 0.5,
    error: null,
    tier: request.tier,
    usage: { inputTokens: 0, outputTokens: 0, costUsd: 0, calls: 0 },
  } as AgentResult);

describe('AgentRunner with an executor', () => {
  it('hands template agents to the executor with their tier, context, deadline and signal', async () => {
    const executor = recordingExecutor(ok);
    const runner = new AgentRunner({ executor, timeoutSeconds: 42 });
    const signal = new AbortController().signal;
    const result = await runner.run(
      makeTemplate('scanner', 'CHEAP', { tools: ['x'] }),
      { path: '/repo' },
      { tier: 'PREMIUM', signal },
    );
    expect(result.output).toEqual({ ran: 'elsewhere', path: '/repo' });
    const [request] = executor.requests;
    expect(request?.agent.tierPreference).toBe('PREMIUM');
    expect(request?.tier).toBe('PREMIUM');
    expect(request?.timeoutSeconds).toBe(42);
    expect(request?.signal).toBe(signal);
  });

  it('runs agents made with defineAgent in this process', async () => {
    const executor = recordingExecutor(ok);
    const agent = defineAgent({
      template: makeTemplate('local'),
      run: async () => ({ output: { ran: 'here' }, confidence: 1 }),
    });
    const result = await new AgentRunner({ executor }).run(agent, {});
    expect(result.output).toEqual({ ran: 'here' });
    expect(executor.requests).toHaveLength(0);
  });

  it('turns a broken executor into a failed result naming it', async () => {
    const executor = recordingExecutor(() => Promise.reject(new Error('queue gone')));
    const result = await new AgentRunner({ executor }).run(
      makeTemplate('scanner', 'CHEAP', { tools: ['x'] }),
      {},
    );
    expect(result.success).toBe(false);
    expect(result.error).toBe('agent scanner: recording failed: queue gone');
  });

  it('a parallel team hands every agent over in the same turn (the queue batches them into one flow)', async () => {
    const executor = recordingExecutor(ok);
    let turnEnded = false;
    setImmediate(() => (turnEnded = true));
    const pending = new ParallelStrategy().execute(
      ['a', 'b', 'c'].map((id) => makeTemplate(id, 'CHEAP', { tools: ['x'] })),
      { path: '/repo' },
      { runner: new AgentRunner({ executor }) },
    );
    expect(executor.requests.map((r) => r.agent.id)).toEqual(['a', 'b', 'c']);
    expect(turnEnded).toBe(false);
    expect((await pending).success).toBe(true);
  });
});
