import { describe, expect, it } from 'vitest';
import { AgentTimeoutError, UserError } from '../../errors.js';
import type { Logger } from '../../core/logger.js';
import type { MeansInput, MeansOutput } from '../../types.js';
import { AgentRunner } from './agent-runner.js';
import { defineAgent, isDefinedAgent, templateOf } from './define-agent.js';
import { MeansRegistry, defineMeans } from './means-registry.js';
import { makeTemplate, scripted } from '../strategies/agents.test-helper.js';

function means(tool: string, run: (input: MeansInput) => Promise<MeansOutput>) {
  return defineMeans({ tool, description: `test means ${tool}`, run });
}

function capturingLogger(): Logger & { lines: { message: string; data?: Record<string, unknown> }[] } {
  const lines: { message: string; data?: Record<string, unknown> }[] = [];
  const push = (message: string, data?: Record<string, unknown>) =>
    void lines.push({ message, ...(data ? { data } : {}) });
  return { lines, debug: push, info: push, warn: push, error: push };
}

describe('defineAgent', () => {
  it('brands the agent and keeps its template', () => {
    const template = makeTemplate('writer');
    const agent = defineAgent({ template, run: async () => ({ output: {}, confidence: 1 }) });
    expect(isDefinedAgent(agent)).toBe(true);
    expect(isDefinedAgent(template)).toBe(false);
    expect(agent.id).toBe('writer');
    expect(templateOf(agent)).toBe(template);
    expect(templateOf(template)).toBe(template);
  });

  it('rejects an empty id, a non-positive timeout and a missing run function', () => {
    const run = async () => ({ output: {}, confidence: 1 });
    expect(() => defineAgent({ template: makeTemplate(''), run })).toThrow(/non-empty id/);
    const zero = makeTemplate('z', 'CHEAP', {
      resourceRequirements: { minTokens: 0, maxTokens: 0, timeoutSeconds: 0, memoryMb: 1 },
    });
    expect(() => defineAgent({ template: zero, run })).toThrow(UserError);
    expect(() => defineAgent({ template: makeTemplate('x'), run: 'nope' as never })).toThrow(
      /run\(input\) function/,
    );
  });
});

describe('AgentRunner with defined agents', () => {
  it('returns the output, clamps confidence, fills zero usage and measures duration', async () => {
    const runner = new AgentRunner();
    const high = await runner.run(scripted('a', { kind: 'ok', confidence: 1.7, output: { lines: 3 } }), {});
    expect(high).toMatchObject({
      agentId: 'a',
      success: true,
      output: { lines: 3 },
      confidence: 1,
      error: null,
      tier: 'CHEAP',
    });
    expect(high.usage).toEqual({ inputTokens: 0, outputTokens: 0, calls: 0, costUsd: 0 });
    expect(high.durationSeconds).toBeGreaterThanOrEqual(0);
    const low = await runner.run(scripted('b', { kind: 'ok', confidence: -3 }), {});
    expect(low.confidence).toBe(0);
  });

  it('stops an agent that never resolves at its deadline and reports it failed', async () => {
    const runner = new AgentRunner();
    let seen: AbortSignal | undefined;
    const agent = defineAgent({
      template: makeTemplate('hung', 'CAPABLE', {
        resourceRequirements: { minTokens: 0, maxTokens: 0, timeoutSeconds: 0.3, memoryMb: 1 },
      }),
      run: (input) => {
        seen = input.signal;
        return new Promise<MeansOutput>(() => undefined);
      },
    });
    // The agent never resolves: without the deadline this test would time out.
    const result = await runner.run(agent, {});
    expect(result.success).toBe(false);
    expect(result.error).toBe('agent hung timed out after 0.3s');
    expect(result.tier).toBe('CAPABLE');
    expect(result.durationSeconds).toBeGreaterThanOrEqual(0.29);
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBeInstanceOf(AgentTimeoutError);
  });

  it('hands an already aborted signal to a means that first reads it after the deadline', async () => {
    let late: AbortSignal | undefined;
    let readLate: () => void = () => undefined;
    const lateRead = new Promise<void>((resolve) => (readLate = resolve));
    const agent = defineAgent({
      template: makeTemplate('late_reader', 'CHEAP', {
        resourceRequirements: { minTokens: 0, maxTokens: 0, timeoutSeconds: 0.05, memoryMb: 1 },
      }),
      run: (input) =>
        new Promise<MeansOutput>((resolve) =>
          setTimeout(() => {
            late = input.signal;
            readLate();
            resolve({ output: {}, confidence: 1 });
          }, 120),
        ),
    });
    const result = await new AgentRunner().run(agent, {});
    expect(result.error).toMatch(/timed out after 0.05s/);
    await lateRead; // the means reads its signal when its own timer fires, after the deadline
    expect(late).toBeInstanceOf(AbortSignal);
    expect(late?.aborted).toBe(true);
    expect(late?.reason).toBeInstanceOf(AgentTimeoutError);
  });

  it('lets the run option override the runner override, which overrides the template', async () => {
    const agent = scripted('slow', { kind: 'hang' }, { timeoutSeconds: 60 });
    const byRunner = await new AgentRunner({ timeoutSeconds: 0.05 }).run(agent, {});
    expect(byRunner.error).toMatch(/timed out after 0.05s/);
    const byRun = await new AgentRunner({ timeoutSeconds: 60 }).run(agent, {}, { timeoutSeconds: 0.06 });
    expect(byRun.error).toMatch(/timed out after 0.06s/);
  });

  it('aborts the agent when the caller aborts, with the caller reason', async () => {
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const agent = defineAgent({
      template: makeTemplate('cancelled'),
      run: (input) => {
        seen = input.signal;
        setTimeout(() => controller.abort(new Error('shutting down')), 10);
        return new Promise<MeansOutput>(() => undefined);
      },
    });
    const result = await new AgentRunner().run(agent, {}, { signal: controller.signal });
    expect(result.error).toBe('agent cancelled was aborted: shutting down');
    expect(seen?.aborted).toBe(true);
  });

  it('idle() resolves once the work of an aborted agent has stopped, not when its result came back', async () => {
    const controller = new AbortController();
    const steps: string[] = [];
    let cleanedUp: () => void = () => undefined;
    const agent = defineAgent({
      template: makeTemplate('stopping'),
      // Like the coverage agent: on abort its work goes on a while (kill the run, remove its directory).
      run: (input) =>
        new Promise<MeansOutput>((_resolve, reject) => {
          input.signal.addEventListener('abort', () => {
            cleanedUp = () => {
              steps.push('cleaned up');
              reject(new Error('stopped'));
            };
          });
        }),
    });
    const runner = new AgentRunner();
    await runner.idle(); // nothing running
    const running = runner.run(agent, {}, { signal: controller.signal });
    controller.abort(new Error('interrupted'));
    expect((await running).error).toBe('agent stopping was aborted: interrupted');
    const idle = runner.idle().then(() => steps.push('idle'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(steps).toEqual([]); // the result came back, the work has not stopped yet
    cleanedUp();
    await idle;
    expect(steps).toEqual(['cleaned up', 'idle']);
  });

  it('reports the real message of a throw, including non-Error values and synchronous throws', async () => {
    const runner = new AgentRunner();
    expect(
      (await runner.run(scripted('t', { kind: 'throw', message: 'ENOENT: no such file' }), {})).error,
    ).toBe('ENOENT: no such file');
    const stringThrow = defineAgent({
      template: makeTemplate('s'),
      run: () => Promise.reject('plain string'),
    });
    expect((await runner.run(stringThrow, {})).error).toBe('plain string');
    const syncThrow = defineAgent({
      template: makeTemplate('sync'),
      run: () => {
        throw new TypeError('bad argument');
      },
    });
    expect((await runner.run(syncThrow, {})).error).toBe('bad argument');
  });

  it('fails an agent that resolves without an output object', async () => {
    const agent = defineAgent({
      template: makeTemplate('empty'),
      run: async () => ({ confidence: 1 }) as unknown as MeansOutput,
    });
    const result = await new AgentRunner().run(agent, {});
    expect(result.success).toBe(false);
    expect(result.error).toMatch(/returned no output object/);
  });

  it('reports an unknown cost as null when tokens were used without a price', async () => {
    const agent = scripted('model', { kind: 'ok', usage: { inputTokens: 50, outputTokens: 10, calls: 1 } });
    const result = await new AgentRunner().run(agent, {});
    expect(result.usage).toEqual({ inputTokens: 50, outputTokens: 10, calls: 1, costUsd: null });
  });

  it('passes the run tier, context and services to the agent', async () => {
    let input: MeansInput | undefined;
    const agent = defineAgent({
      template: makeTemplate('tiered', 'CHEAP'),
      run: async (i) => {
        input = i;
        return { output: {}, confidence: 1 };
      },
    });
    const services = { projectIndex: { files: 3 } };
    const result = await new AgentRunner({ services }).run(agent, { path: '/repo' }, { tier: 'PREMIUM' });
    expect(result.tier).toBe('PREMIUM');
    expect(input?.tier).toBe('PREMIUM');
    expect(input?.template.tierPreference).toBe('PREMIUM');
    expect(input?.context).toEqual({ path: '/repo' });
    expect(input?.services).toBe(services);
  });

  it('rejects bad deadlines in options with a UserError, and fails a template without a valid one', async () => {
    expect(() => new AgentRunner({ timeoutSeconds: 0 })).toThrow(/positive number of seconds/);
    const runner = new AgentRunner();
    expect(() => runner.run(scripted('x', { kind: 'ok' }), {}, { timeoutSeconds: -1 })).toThrow(UserError);
    const broken = makeTemplate('broken', 'CHEAP', {
      tools: ['t'],
      resourceRequirements: { minTokens: 0, maxTokens: 0, timeoutSeconds: NaN, memoryMb: 1 },
    });
    const registry = new MeansRegistry().register(means('t', async () => ({ output: {}, confidence: 1 })));
    const result = await new AgentRunner({ registry }).run(broken, {});
    expect(result.error).toMatch(/no valid resourceRequirements.timeoutSeconds/);
  });

  it('logs start, finish and timeout at debug level', async () => {
    const logger = capturingLogger();
    const runner = new AgentRunner({ logger });
    await runner.run(scripted('quick', { kind: 'ok' }), {});
    await runner.run(scripted('stuck', { kind: 'hang' }, { timeoutSeconds: 0.02 }), {});
    expect(logger.lines.map((l) => `${l.message}:${String(l.data?.['agentId'])}`)).toEqual([
      'agent started:quick',
      'agent finished:quick',
      'agent started:stuck',
      'agent timed out:stuck',
      'agent finished:stuck',
    ]);
  });
});

describe('AgentRunner with template agents and means', () => {
  const ok = (tool: string, confidence: number, usage?: MeansOutput['usage']) =>
    means(tool, async () => ({ output: { tool }, confidence, ...(usage ? { usage } : {}) }));

  it('runs the one means of a single-tool template and returns its output', async () => {
    const registry = new MeansRegistry().register(ok('security_scan', 0.8));
    const result = await new AgentRunner({ registry }).run(
      makeTemplate('auditor', 'CAPABLE', { tools: ['security_scan'] }),
      {},
    );
    expect(result).toMatchObject({
      success: true,
      output: { tool: 'security_scan' },
      confidence: 0.8,
      tier: 'CAPABLE',
    });
  });

  it('keys several tools by name, takes the lowest confidence and sums usage', async () => {
    const registry = new MeansRegistry()
      .register(ok('lint', 0.9, { inputTokens: 10, outputTokens: 1, calls: 1, costUsd: 0.01 }))
      .register(ok('types', 0.6, { inputTokens: 5, outputTokens: 2, calls: 1, costUsd: 0.02 }));
    const result = await new AgentRunner({ registry }).run(
      makeTemplate('reviewer', 'CHEAP', { tools: ['lint', 'types'] }),
      {},
    );
    expect(result.success).toBe(true);
    expect(result.output).toEqual({ lint: { tool: 'lint' }, types: { tool: 'types' } });
    expect(result.confidence).toBe(0.6);
    expect(result.usage.inputTokens).toBe(15);
    expect(result.usage.calls).toBe(2);
    expect(result.usage.costUsd).toBeCloseTo(0.03, 10);
  });

  it('fails when any of several means fails or throws, naming the tool, and keeps the other outputs', async () => {
    const registry = new MeansRegistry()
      .register(ok('lint', 0.9))
      .register(means('types', async () => Promise.reject(new Error('tsconfig.json not found'))))
      .register(
        means('dup', async () => ({ output: {}, confidence: 0.5, success: false, error: 'jscpd missing' })),
      );
    const result = await new AgentRunner({ registry }).run(
      makeTemplate('reviewer', 'CHEAP', { tools: ['lint', 'types', 'dup'] }),
      {},
    );
    expect(result.success).toBe(false);
    expect(result.error).toBe('types: tsconfig.json not found; dup: jscpd missing');
    expect(result.output['lint']).toEqual({ tool: 'lint' });
    expect(result.confidence).toBe(0);
  });

  it('fails, naming every missing tool, instead of making up a result', async () => {
    const registry = new MeansRegistry().register(ok('lint', 1));
    const result = await new AgentRunner({ registry }).run(
      makeTemplate('reviewer', 'CHEAP', { tools: ['lint', 'complexity', 'duplication'] }),
      {},
    );
    expect(result.success).toBe(false);
    expect(result.output).toEqual({});
    expect(result.error).toBe(
      'agent reviewer cannot run: no means registered for tools complexity, duplication (register them with defineMeans and MeansRegistry.register)',
    );
  });

  it('fails a template that lists no tools', async () => {
    const result = await new AgentRunner({ registry: new MeansRegistry() }).run(makeTemplate('idle'), {});
    expect(result.error).toMatch(/lists no tools/);
  });

  it('reports the real message of a means that throws', async () => {
    const registry = new MeansRegistry().register(
      means('coverage', async () => Promise.reject(new Error('coverage report is older than src/a.ts'))),
    );
    const result = await new AgentRunner({ registry }).run(
      makeTemplate('cov', 'CHEAP', { tools: ['coverage'] }),
      {},
    );
    expect(result.error).toBe('coverage report is older than src/a.ts');
  });
});
