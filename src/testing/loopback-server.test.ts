import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText, streamText, type LanguageModel } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { LoopbackServer, type LoopbackServerOptions } from './loopback-server.js';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function start(options: LoopbackServerOptions = {}) {
  const server = await LoopbackServer.start(options);
  servers.push(server);
  return server;
}

const models: [string, (base: string) => LanguageModel][] = [
  ['anthropic', (base) => createAnthropic({ apiKey: 'key-a', baseURL: base })('claude-haiku-4-5')],
  ['openai', (base) => createOpenAI({ apiKey: 'key-o', baseURL: base }).chat('gpt-4o-mini')],
  [
    'openai-compatible',
    (base) =>
      createOpenAICompatible({ name: 'local', baseURL: base, includeUsage: true }).chatModel('llama3'),
  ],
];

describe.each(models)('LoopbackServer speaking %s', (name, model) => {
  it('answers plain requests with the usage it records', async () => {
    const server = await start({ defaultText: 'hello world' });
    const result = await generateText({ model: model(server.baseURL), prompt: 'hi', maxRetries: 0 });
    expect(result.text).toBe('hello world');
    expect(result.usage.inputTokens).toBe(server.usage.inputTokens);
    expect(result.usage.outputTokens).toBe(server.usage.outputTokens);
    expect(server.requests[0]!.api).toBe(name === 'anthropic' ? 'anthropic' : 'openai');
    expect(server.requests[0]!.stream).toBe(false);
  });

  it('streams (server-sent events) with usage', async () => {
    const server = await start({ defaultText: 'a streamed answer' });
    const result = streamText({ model: model(server.baseURL), prompt: 'hi', maxRetries: 0 });
    expect(await result.text).toBe('a streamed answer');
    const usage = await result.usage;
    expect(server.requests[0]!.stream).toBe(true);
    expect([usage.inputTokens, usage.outputTokens]).toEqual([
      server.usage.inputTokens,
      server.usage.outputTokens,
    ]);
  });

  it('answers 429 with Retry-After, 500, and a body that is not JSON', async () => {
    const server = await start({
      script: [
        { kind: 'rate_limit', retryAfterSeconds: 7 },
        { kind: 'server_error' },
        { kind: 'malformed_json' },
      ],
    });
    const call = () => generateText({ model: model(server.baseURL), prompt: 'hi', maxRetries: 0 });
    await expect(call()).rejects.toMatchObject({
      statusCode: 429,
      responseHeaders: expect.objectContaining({ 'retry-after': '7' }),
    });
    await expect(call()).rejects.toMatchObject({ statusCode: 500 });
    await expect(call()).rejects.toThrow(/Invalid JSON response/);
    expect(server.usage.answers).toBe(0);
  });
});

describe('LoopbackServer', () => {
  it('records the key that was sent and the raw body', async () => {
    const server = await start();
    await generateText({
      model: models[0]![1](server.baseURL),
      system: 'sys',
      prompt: 'the prompt',
      maxRetries: 0,
    });
    expect(server.requests[0]).toMatchObject({ keyReceived: 'key-a', model: 'claude-haiku-4-5' });
    expect(server.requests[0]!.body).toContain('the prompt');
  });
  it('answers slowly when told to', async () => {
    const server = await start({ script: [{ kind: 'slow', delayMs: 300, text: 'late' }] });
    const result = await generateText({ model: models[1]![1](server.baseURL), prompt: 'hi', maxRetries: 0 });
    expect(result.text).toBe('late');
    expect(Date.now() - server.requests[0]!.receivedAt).toBeGreaterThanOrEqual(300);
  });
  it('caps reported output tokens at max_tokens', async () => {
    const server = await start({ defaultText: 'x'.repeat(400) });
    const result = await generateText({
      model: models[0]![1](server.baseURL),
      prompt: 'hi',
      maxOutputTokens: 20,
      maxRetries: 0,
    });
    expect(result.usage.outputTokens).toBe(20);
  });
});
