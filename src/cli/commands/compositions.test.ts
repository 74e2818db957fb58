import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../errors.js';
import { AgentConfiguration } from '../../orchestration/agent-configuration.js';
import { ConfigurationStore } from '../../orchestration/config-store.js';
import { PatternLibrary } from '../../orchestration/pattern-library.js';
import { recordingIO } from '../test-io.js';
import { compositionsCommand } from './compositions.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/python-store/', import.meta.url));
const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A project root whose store holds the Python-tool fixtures plus one composition of ours with a pattern. */
async function project(): Promise<{ root: string; ours: AgentConfiguration }> {
  const root = mkdtempSync(join(tmpdir(), 'empathy-cli-'));
  tempDirs.push(root);
  const dir = join(root, '.empathy', 'orchestration', 'compositions');
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(FIXTURES).filter((n) => n.endsWith('.json')))
    copyFileSync(join(FIXTURES, name), join(dir, name));
  const store = new ConfigurationStore({
    projectRoot: root,
    patternLibrary: new PatternLibrary({ projectRoot: root }),
  });
  const ours = new AgentConfiguration({
    taskPattern: 'release_prep',
    strategy: 'parallel',
    agents: [{ role: 'security_auditor', tier: 'PREMIUM' }],
  });
  for (let i = 0; i < 3; i++) await store.recordOutcome(ours, true, 90);
  return { root, ours };
}

const run = async (argv: string[], cwd: string) => {
  const io = recordingIO(cwd);
  const code = await compositionsCommand.run(argv, io);
  return { code, out: io.out, err: io.err };
};

describe('empathy compositions', () => {
  it('list prints a table, most recently used first', async () => {
    const { root, ours } = await project();
    const { code, out } = await run(['list'], root);
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(
      /^ID\s+TASK\s+STRATEGY\s+AGENTS\s+USES\s+SUCCESS\s+EVIDENCE\s+QUALITY\s+LAST USED$/,
    );
    expect(lines.slice(1, 5).map((l) => l.split(/\s+/)[0])).toEqual([
      ours.id,
      'test_coverage_boost_001',
      'comp_release_001',
      'security_deep_dive_001',
    ]);
    expect(lines[1]).toMatch(/release_prep\s+parallel\s+1\s+3\s+100\.0%\s+0\.439\s+90\.0/);
    expect(out).toContain('4 composition(s) in');
  });

  it('list --json and --task, with --path from elsewhere', async () => {
    const { root } = await project();
    const { code, out } = await run(
      ['list', '--json', '--task', 'release_preparation', '--path', root],
      tmpdir(),
    );
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(doc.storage_dir).toBe(join(root, '.empathy', 'orchestration', 'compositions'));
    expect(doc.compositions.map((c: { id: string }) => c.id)).toEqual(['comp_release_001']);
    expect(doc.compositions[0]).toMatchObject({ schema_version: 1, usage_count: 6, success_count: 5 });
  });

  it('show prints one composition, in text or JSON', async () => {
    const { root } = await project();
    const text = await run(['show', 'comp_release_001'], root);
    expect(text.code).toBe(0);
    expect(text.out).toContain('task pattern:  release_preparation');
    expect(text.out).toContain('1. security_auditor (PREMIUM)');
    expect(text.out).toContain('uses:          6 (5 succeeded, 1 failed)');
    expect(text.out).toContain('success rate:  83.3% (Wilson 95% lower bound 0.436)');
    const json = await run(['show', 'comp_release_001', '--json'], root);
    expect(JSON.parse(json.out)).toMatchObject({
      id: 'comp_release_001',
      task_pattern: 'release_preparation',
      strategy: 'parallel',
    });
  });

  it('delete removes the composition and its pattern', async () => {
    const { root, ours } = await project();
    const patternFile = join(root, '.empathy', 'patterns', `orchestration_${ours.id}.json`);
    expect(existsSync(patternFile)).toBe(true);
    const { code, out } = await run(['delete', ours.id], root);
    expect(code).toBe(0);
    expect(out).toContain(`Deleted ${ours.id}`);
    expect(existsSync(patternFile)).toBe(false);
    await expect(run(['show', ours.id], root)).rejects.toThrow(/no composition/);
  });

  it('export writes every composition as one JSON document', async () => {
    const { root } = await project();
    const { code, out } = await run(['export'], root);
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(doc.schema_version).toBe(1);
    expect(doc.compositions).toHaveLength(4);
    expect(Number.isNaN(Date.parse(doc.exported_at))).toBe(false);
  });

  it('--store points at a store directory directly; an empty one lists nothing', async () => {
    const { root } = await project();
    const list = await run(['list', '--store', '.empathy/orchestration/compositions'], root);
    expect(list.out).toContain('4 composition(s)');
    const empty = await run(['list', '--store', join(root, 'nothing-here')], root);
    expect(empty.out).toBe(`No compositions in ${join(root, 'nothing-here')}\n`);
  });

  it('prints help, and turns bad usage into one-line UserErrors', async () => {
    const root = mkdtempSync(join(tmpdir(), 'empathy-cli-'));
    tempDirs.push(root);
    expect((await run(['--help'], root)).out).toContain('Usage: empathy compositions');
    expect((await run([], root)).code).toBe(2);
    const cases: Array<[string[], RegExp]> = [
      [['frobnicate'], /unknown subcommand "frobnicate"/],
      [['show'], /needs a composition ID/],
      [['show', 'missing_id'], /no composition "missing_id"/],
      [['delete', 'missing_id'], /no composition "missing_id"/],
      [['show', '../../etc/passwd'], /invalid composition id/],
      [['list', '--bogus'], /unknown option --bogus/],
      [['list', 'extra'], /unexpected argument "extra"/],
      [['list', '--path', join(root, 'nope')], /no such directory/],
      [['show', 'x', '--task', 'y'], /--task only applies to list/],
    ];
    for (const [argv, message] of cases) {
      const error = await run(argv, root).catch((e: unknown) => e);
      expect(error, argv.join(' ')).toBeInstanceOf(UserError);
      expect((error as Error).message, argv.join(' ')).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
    }
  });
});
