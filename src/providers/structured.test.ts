import { describe, expect, it } from 'vitest';
import { AgentRunner } from '../orchestration/agents/agent-runner.js';
import { TeachingStrategy } from '../orchestration/strategies/index.js';
import { ScriptedModel } from '../testing/scripted-model.js';
import { modelNotesSchema } from './model-means.js';
import { callStructured, parseJsonAnswer } from './structured.js';
import { measuredRegistry, NOTES_JSON, scriptedRuntime, template } from './test-support.test-helper.js';


const request = {
  tier: 'CHEAP' as const,
  system: 'sys',
  prompt: 'facts',
  schema: modelNotesSchema,
  maxOutputTokens: 256,
  agentId: 'a',
};

describe('parseJsonAnswer', () => {
  it('accepts JSON inside code fences and prose', () => {
    expect(parseJsonAnswer('Here:\n```json\n' + NOTES_JSON + '\n```', modelNotesSchema)).toHaveProperty(
      'value',
    );
  });
  it('names what is wrong', () => {
    expect(parseJsonAnswer('no json', modelNotesSchema)).toEqual({
      error: 'the answer contains no JSON object',
    });
    expect(parseJsonAnswer('{"findings": [}', modelNotesSchema)).toMatchObject({
      error: expect.stringMatching(/^not valid JSON/),
    });
    expect(
      parseJsonAnswer('{"findings":[],"recommendations":[],"confidence":2}', modelNotesSchema),
    ).toMatchObject({
      error: expect.stringMatching(/^does not match the schema: confidence/),
    });
  });
});

describe('callStructured', () => {
  it('repairs an invalid answer by showing the model its answer and the error', async () => {
    const scripted = new ScriptedModel([{ text: 'I think it is fine.' }, { text: NOTES_JSON }]);
    const runtime = scriptedRuntime(scripted);
    const outcome = await callStructured(runtime.client, request);
    expect(outcome.status).toBe('ok');
    expect(outcome.attempts.map((a) => [a.kind, a.result])).toEqual([
      ['first', 'invalid'],
      ['repair', 'parsed'],
    ]);
    expect(scripted.requests[1]!.prompt).toContain('I think it is fine.');
    expect(scripted.requests[1]!.prompt).toContain('no JSON object');
    expect(outcome.usage.calls).toBe(2);
    scripted.assertDone();
  });

  it('retries once, then escalates one tier; every attempt is counted', async () => {
    const scripted = new ScriptedModel([
      { text: 'x', model: 'claude-haiku-4-5', inputTokens: 10, outputTokens: 1 },
      { text: 'y', model: 'claude-haiku-4-5', inputTokens: 10, outputTokens: 1 },
      { text: 'z', model: 'claude-haiku-4-5', inputTokens: 10, outputTokens: 1 },
      { text: NOTES_JSON, model: 'claude-sonnet-4-5', inputTokens: 10, outputTokens: 1 },
    ]);
    const runtime = scriptedRuntime(scripted);
    const outcome = await callStructured(runtime.client, request);
    expect(outcome.status === 'ok' && outcome.tier).toBe('CAPABLE');
    expect(outcome.attempts.map((a) => a.kind)).toEqual(['first', 'repair', 'retry', 'escalation']);
    // 3 haiku calls at $1/$5 + 1 sonnet call at $3/$15 per million.
    expect(outcome.usage).toEqual({
      inputTokens: 40,
      outputTokens: 4,
      calls: 4,
      costUsd: (3 * (10 + 5) + (30 + 15)) / 1e6,
    });
    scripted.assertDone();
  });

  it('gives up after PREMIUM with no tier to escalate to', async () => {
    const scripted = new ScriptedModel([{ text: 'a' }, { text: 'b' }, { text: 'c' }]);
    const outcome = await callStructured(scriptedRuntime(scripted).client, { ...request, tier: 'PREMIUM' });
    expect(outcome.status).toBe('invalid');
    expect(outcome.status !== 'ok' && outcome.message).toMatch(/after 3 attempts/);
    scripted.assertDone();
  });
});

describe('ScriptedModel', () => {
  it('fails on an unexpected call even when the caller swallows the error', async () => {
    const scripted = new ScriptedModel([]);
    const outcome = await scriptedRuntime(scripted).client.call({ ...request, prompt: 'hello' });
    expect(outcome.status).toBe('failed');
    expect(() => scripted.assertDone()).toThrow(/unexpected call 1 .*no step left/);
  });
  it('fails on a call to the wrong model and on left-over steps', async () => {
    const scripted = new ScriptedModel([{ text: 'a', model: 'claude-opus-4-5' }, { text: 'b' }]);
    await scriptedRuntime(scripted).client.call(request);
    expect(() => scripted.assertDone()).toThrow(/expected model claude-opus-4-5.*1 scripted step/);
  });
  it('scripts HTTP failures that the client retries', async () => {
    const scripted = new ScriptedModel([{ status: 529 }, { text: 'ok' }]);
    const runtime = scriptedRuntime(scripted, {}, { maxRetries: 1 });
    const outcome = await runtime.client.call(request);
    expect(outcome.status === 'ok' && outcome.attempts).toBe(2);
    scripted.assertDone();
  });
});

describe('model-backed agents in a strategy', () => {
  it('teaching: an unsure junior model hands over to the expert tier; gate figures stay the tool figures', async () => {
    const unsure = JSON.stringify({ findings: [], recommendations: ['look deeper'], confidence: 0.3 });
    const sure = JSON.stringify({ findings: [], recommendations: ['fix eval'], confidence: 0.95 });
    const scripted = new ScriptedModel([
      { text: unsure, model: 'claude-haiku-4-5' },
      { text: sure, model: 'claude-opus-4-5' },
    ]);
    const runtime = scriptedRuntime(scripted);
    const runner = new AgentRunner({ registry: runtime.wrapRegistry(measuredRegistry(0.9)) });
    const result = await new TeachingStrategy({ runner }).execute(
      [template('junior', 'CHEAP'), template('expert', 'PREMIUM')],
      { path: '.' },
    );
    expect(result.aggregatedOutput['outcome']).toBe('expert_takeover');
    const [junior, expert] = result.outputs;
    expect(junior!.confidence).toBe(0.3);
    // The model's 0.95 is clamped to the tool's 0.9.
    expect(expert!.confidence).toBe(0.9);
    expect(expert!.output['figures']).toEqual({ critical_issues: 1, high_issues: 0 });
    expect(expert!.output['model_notes']).toMatchObject({
      status: 'answered',
      stated_confidence: 0.95,
      confidence: 0.9,
      model: 'claude-opus-4-5',
    });
    expect(expert!.usage.calls).toBe(1);
    scripted.assertDone();
  });
});
