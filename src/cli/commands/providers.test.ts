import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { LoopbackServer } from '../../testing/loopback-server.js';
import { recordingIO } from '../test-io.test-helper.js';
import { providersCommand } from './providers.js';

const KEY = 'sk-ant-test-not-a-real-key-0123456789';
const cwd = mkdtempSync(path.join(tmpdir(), 'empathy-providers-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));
const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('empathy providers', () => {
  it('says offline when no provider is configured', async () => {
    const io = recordingIO(cwd, { env: { ANTHROPIC_API_KEY: KEY } });
    expect(await providersCommand.run([], io)).toBe(0);
    expect(io.out).toMatch(/No model provider configured: agents run their tools only/);
  });

  it('shows the tier map and prices, the key as set, never the key', async () => {
    const io = recordingIO(cwd, { env: { ANTHROPIC_API_KEY: KEY } });
    expect(
      await providersCommand.run(
        ['--provider', 'anthropic', '--model-premium', 'claude-custom', '--max-cost', '0.5'],
        io,
      ),
    ).toBe(0);
    expect(io.out).toMatch(/API key: {2}set \(env:ANTHROPIC_API_KEY\)/);
    expect(io.out).toMatch(/CHEAP +claude-haiku-4-5 +1\.00 +5\.00/);
    expect(io.out).toMatch(/PREMIUM +claude-custom +cost unknown +cost unknown/);
    expect(io.out).toMatch(/Budget: {3}\$0\.50 per run/);
    expect(io.out + io.err).not.toContain(KEY);
  });

  it('--ping calls each tier once over HTTP and reports latency (JSON)', async () => {
    const server = await LoopbackServer.start({ defaultText: 'pong' });
    servers.push(server);
    const io = recordingIO(cwd, { env: { OPENAI_API_KEY: KEY } });
    const code = await providersCommand.run(
      ['--provider', 'openai', '--base-url', server.baseURL, '--ping', '--json'],
      io,
    );
    expect(code).toBe(0);
    const doc = JSON.parse(io.out) as {
      api_key: string;
      ping: { tier: string; status: string; latency_ms: number; cost_usd: number }[];
    };
    expect(doc.api_key).toBe('set');
    expect(doc.ping.map((p) => [p.tier, p.status])).toEqual([
      ['CHEAP', 'ok'],
      ['CAPABLE', 'ok'],
      ['PREMIUM', 'ok'],
    ]);
    expect(doc.ping.every((p) => p.latency_ms >= 0 && p.cost_usd > 0)).toBe(true);
    expect(server.requests.map((r) => r.model)).toEqual(['gpt-4o-mini', 'gpt-4.1', 'gpt-5']);
    expect(server.requests.every((r) => r.keyReceived === KEY)).toBe(true);
    expect(io.out).not.toContain(KEY);
  });

  it('--ping exits 1 when a tier fails, and names the failure', async () => {
    const server = await LoopbackServer.start({ fallback: { kind: 'server_error', status: 400 } });
    servers.push(server);
    const io = recordingIO(cwd, { env: { ANTHROPIC_API_KEY: KEY } });
    expect(
      await providersCommand.run(['--provider', 'anthropic', '--base-url', server.baseURL, '--ping'], io),
    ).toBe(1);
    expect(io.out).toMatch(/CHEAP .*failed: .*HTTP 400/);
  });

  it.each([
    [['--ping'], /no provider configured/],
    [['--provider', 'anthropic', '--ping'], /needs an API key: set ANTHROPIC_API_KEY/],
    [['--provider', 'anthropic', '--max-cost', 'lots'], /--max-cost must be a number/],
  ])('rejects %j with a one-line UserError', async (argv, message) => {
    await expect(providersCommand.run(argv, recordingIO(cwd))).rejects.toThrow(message);
  });
});
