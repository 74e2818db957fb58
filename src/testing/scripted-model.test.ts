import { generateText } from 'ai';
import { describe, expect, it } from 'vitest';
import { ScriptedModel } from './scripted-model.js';

describe('ScriptedModel', () => {
  it('answers in order and records every request', async () => {
    const scripted = new ScriptedModel([
      { text: 'one' },
      { text: (r) => `echo ${r.prompt}`, inputTokens: 7, outputTokens: 3 },
    ]);
    const model = scripted.languageModel('m1');
    expect((await generateText({ model, system: 'sys', prompt: 'a' })).text).toBe('one');
    const second = await generateText({ model, prompt: 'b', maxOutputTokens: 9 });
    expect(second.text).toBe('echo b');
    expect([second.usage.inputTokens, second.usage.outputTokens]).toEqual([7, 3]);
    expect(scripted.requests).toEqual([
      { modelId: 'm1', system: 'sys', prompt: 'a', maxOutputTokens: undefined },
      { modelId: 'm1', system: '', prompt: 'b', maxOutputTokens: 9 },
    ]);
    scripted.assertDone();
  });
  it('rejects an unexpected call and reports it and left-over steps in assertDone', async () => {
    const scripted = new ScriptedModel([]);
    await expect(
      generateText({ model: scripted.languageModel(), prompt: 'x', maxRetries: 0 }),
    ).rejects.toThrow(/unexpected call 1/);
    scripted.add({ text: 'never used' });
    expect(() => scripted.assertDone()).toThrow(/unexpected call 1.*1 scripted step\(s\) were never used/);
  });
  it('throws scripted errors as they are', async () => {
    const scripted = new ScriptedModel([{ error: new Error('boom') }]);
    await expect(
      generateText({ model: scripted.languageModel(), prompt: 'x', maxRetries: 0 }),
    ).rejects.toThrow('boom');
  });
});
