import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../errors.js';
import { REPORT_FORMATS } from '../workflows/report/index.js';
import { textAndJsonFormats } from '../workflows/report/registry.js';
import { main } from './index.js';
import { outputPlanOf, writeOutput } from './output-flags.js';
import { recordingIO } from './test-io.test-helper.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'empathy-output-flags-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const io = { cwd: scratch, env: {}, stdoutIsTTY: false };
const FORMATS = textAndJsonFormats<{ n: number }>(
  (v, { color }) => (color ? `\u001b[1mn=${v.n}\u001b[0m` : `n=${v.n}`),
  (v) => ({ n: v.n }),
);

describe('output flags', () => {
  it('default: the registry first format to stdout, colour by the colour rules', () => {
    expect(outputPlanOf({}, FORMATS, io)).toEqual({ formats: ['console'], color: false });
    expect(outputPlanOf({}, FORMATS, { ...io, env: { FORCE_COLOR: '1' } }).color).toBe(true);
    expect(outputPlanOf({ 'no-color': true }, FORMATS, { ...io, stdoutIsTTY: true }).color).toBe(false);
    expect(outputPlanOf({ json: true }, FORMATS, io).formats).toEqual(['json']);
    expect(outputPlanOf({ json: true, format: 'json' }, FORMATS, io).formats).toEqual(['json']);
  });

  it('never colours a file', () => {
    const plan = outputPlanOf({ output: 'out.txt', color: true }, FORMATS, io);
    expect(plan).toEqual({ formats: ['console'], file: path.join(scratch, 'out.txt'), color: false });
  });

  it.each([
    [{ format: 'pdf' }, 'unknown report format "pdf"; use one of console, json'],
    [{ format: ' , ' }, '--format is empty'],
    [{ format: 'console', json: true }, '--json and --format disagree'],
    [{ format: 'console,json' }, 'several formats need --output-dir DIR'],
    [{ output: 'a', 'output-dir': 'b' }, '--output and --output-dir disagree'],
    [{ format: 'console,json', output: 'a' }, 'several formats need --output-dir DIR'],
    [{ 'output-dir': '' }, '--output-dir is empty'],
  ])('%j is a one-line usage error', (values, message) => {
    expect(() => outputPlanOf(values, FORMATS, io)).toThrow(UserError);
    expect(() => outputPlanOf(values, FORMATS, io)).toThrow(message);
  });

  it('--output-dir writes one file per format, named by command and extension', async () => {
    const dir = path.join(scratch, 'reports', 'nested');
    const plan = outputPlanOf({ format: 'json,console,json', 'output-dir': dir }, FORMATS, io);
    expect(plan.formats).toEqual(['json', 'console']);
    const out = recordingIO(scratch);
    const files = await writeOutput(out, plan, FORMATS, { n: 3 }, { command: 'demo', options: {} });
    expect(files).toEqual([path.join(dir, 'demo.json'), path.join(dir, 'demo.txt')]);
    expect(JSON.parse(readFileSync(path.join(dir, 'demo.json'), 'utf8'))).toEqual({ n: 3 });
    expect(readFileSync(path.join(dir, 'demo.txt'), 'utf8')).toBe('n=3\n');
    expect(readdirSync(dir).sort()).toEqual(['demo.json', 'demo.txt']); // no temporary file left
    expect(out.out).toBe('');
    expect(out.err).toBe(
      `demo: json report written to ${files[0]}\ndemo: console report written to ${files[1]}\n`,
    );
  });

  it('a file that cannot be written is a one-line usage error', async () => {
    const plan = outputPlanOf({ output: path.join(scratch, 'no-dir-file', 'x.json') }, FORMATS, io);
    // a file where a directory is needed
    rmSync(path.join(scratch, 'no-dir-file'), { force: true, recursive: true });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(scratch, 'no-dir-file'), '');
    await expect(
      writeOutput(recordingIO(scratch), plan, FORMATS, { n: 1 }, { command: 'demo', options: {} }),
    ).rejects.toThrow(/^cannot write .*x\.json: /);
  });

  it('the release report formats have distinct extensions (one file each in --output-dir)', () => {
    const extensions = Object.values(REPORT_FORMATS).map((f) => f.extension);
    expect(new Set(extensions).size).toBe(extensions.length);
  });
});

describe('--format and --output on every command', () => {
  it('compositions list writes console and json into --output-dir', async () => {
    const store = path.join(scratch, 'store');
    const dir = path.join(scratch, 'compositions-out');
    const out = recordingIO(scratch);
    const argv = [
      'compositions',
      'list',
      '--store-dir',
      store,
      '--format',
      'console,json',
      '--output-dir',
      dir,
    ];
    expect(await main(argv, out)).toBe(0);
    expect(readFileSync(path.join(dir, 'compositions-list.txt'), 'utf8')).toContain('No compositions in');
    expect(JSON.parse(readFileSync(path.join(dir, 'compositions-list.json'), 'utf8'))).toEqual({
      storage_dir: path.join(store, 'compositions'),
      compositions: [],
    });
  });

  it('orchestrate run --dry-run --output FILE, providers --json, and a bad format exits 2', async () => {
    const file = path.join(scratch, 'plan.json');
    const out = recordingIO(scratch);
    expect(
      await main(
        ['orchestrate', 'run', 'audit security', '--dry-run', '--no-learn', '--json', '--output', file],
        out,
      ),
    ).toBe(0);
    expect(out.out).toBe('');
    expect(JSON.parse(readFileSync(file, 'utf8')).plan.agents[0].id).toBe('security_auditor');
    const providers = recordingIO(scratch);
    expect(await main(['providers', '--format', 'json'], providers)).toBe(0);
    expect(JSON.parse(providers.out)).toEqual({ provider: null, mode: 'offline' });
    const bad = recordingIO(scratch);
    expect(await main(['orchestrate', 'test-coverage', '--format', 'sarif'], bad)).toBe(2);
    expect(bad.err).toBe('empathy: unknown report format "sarif"; use one of console, json\n');
  });
});
