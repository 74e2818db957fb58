import { describe, expect, it } from 'vitest';
import os from 'node:os';
import path from 'node:path';
import { packageVersion } from '../core/package-paths.js';
import { main } from './index.js';
import { recordingIO } from './test-io.test-helper.js';

const fixture = path.resolve(import.meta.dirname, '../../test/fixtures/ts-lib');

describe('empathy CLI entry', () => {
  it('prints the version', async () => {
    const io = recordingIO(os.tmpdir());
    expect(await main(['--version'], io)).toBe(0);
    expect(io.out).toBe(`${packageVersion()}\n`);
    expect(packageVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('prints help listing the commands', async () => {
    const io = recordingIO(os.tmpdir());
    expect(await main(['--help'], io)).toBe(0);
    expect(io.out).toContain('Usage: empathy <command>');
    expect(io.out).toContain('orchestrate');
  });

  it.each([
    [['bogus'], 'empathy: unknown command "bogus"'],
    [['--bogus'], 'empathy: unknown option --bogus'],
    [['orchestrate', 'nope'], 'empathy: orchestrate: unknown workflow "nope"'],
    [['orchestrate', 'run', 'x', '--wat'], 'empathy: orchestrate run: unknown option --wat'],
    [['orchestrate', 'run', 'x', '--path', 'no/such/dir'], 'empathy: --path no/such/dir: no such directory'],
    [['orchestrate', 'run', 'x', '--strategy', 'chaos', '--dry-run'], 'unknown strategy "chaos"'],
    [['orchestrate', 'run', 'x', '--agents', 'wizard', '--dry-run'], 'wizard'],
    [['orchestrate', 'run', '--dry-run'], 'give the task in quotes'],
  ])('usage error %j exits 2 with one line', async (argv, message) => {
    const io = recordingIO(os.tmpdir());
    expect(await main(argv, io)).toBe(2);
    expect(io.err).toContain(message);
    expect(io.err.trim().split('\n')).toHaveLength(1);
    expect(io.out).toBe('');
  });
});

describe('empathy orchestrate run', () => {
  it('prints the plan with --dry-run', async () => {
    const io = recordingIO(fixture);
    const code = await main(
      ['orchestrate', 'run', 'Analyze the codebase for security issues and test gaps', '--dry-run'],
      io,
    );
    expect(code).toBe(0);
    expect(io.out).toContain('Selected agents: security_auditor (PREMIUM), test_coverage_analyzer (CAPABLE)');
    expect(io.out).toContain('Strategy: parallel');
    expect(io.out).toMatch(/Estimated duration: <= \d+s/);
  });

  it('prints the plan as JSON and honours --strategy and --agents', async () => {
    const io = recordingIO(fixture);
    const code = await main(
      [
        'orchestrate',
        'run',
        'write docs',
        '--dry-run',
        '--json',
        '--strategy',
        'sequential',
        '--agents',
        'documentation_writer@PREMIUM',
      ],
      io,
    );
    expect(code).toBe(0);
    const { plan } = JSON.parse(io.out) as {
      plan: { strategy: string; agents: Array<{ id: string; tier: string }> };
    };
    expect(plan.strategy).toBe('sequential');
    expect(plan.agents).toEqual([expect.objectContaining({ id: 'documentation_writer', tier: 'PREMIUM' })]);
  });

  it('runs the team and fails an agent whose means are not registered, naming the tool', async () => {
    const io = recordingIO(fixture);
    const code = await main(
      ['orchestrate', 'run', 'generate tests', '--agents', 'test_generator', '--json'],
      io,
    );
    expect(code).toBe(1);
    const { result } = JSON.parse(io.out) as {
      result: { success: boolean; outputs: Array<{ success: boolean; error: string }> };
    };
    expect(result.success).toBe(false);
    expect(result.outputs[0]?.error).toContain('test_generation');
  });
});

describe('--trace', () => {
  it('writes the orchestration events as JSON lines', async () => {
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'empathy-trace-'));
    const file = path.join(dir, 'trace.jsonl');
    const io = recordingIO(fixture);
    expect(
      await main(['orchestrate', 'run', 'audit security', '--dry-run', '--no-learn', '--trace', file], io),
    ).toBe(0);
    const events = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { scope: string; message: string });
    expect(events.some((e) => e.scope === 'orchestration.meta' && /rule \d/.test(e.message))).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it('needs a file name', async () => {
    const io = recordingIO(fixture);
    expect(await main(['--trace'], io)).toBe(2);
    expect(io.err).toContain('--trace needs a file name');
  });
});
