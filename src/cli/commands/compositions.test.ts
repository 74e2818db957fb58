import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../errors.js';
import { AgentConfiguration } from '../../orchestration/learning/agent-configuration.js';
import { ConfigurationStore } from '../../orchestration/learning/config-store.js';
import { PatternLibrary } from '../../orchestration/learning/pattern-library.js';
import { learningStoreDirs } from '../../orchestration/learning/store-dir.js';
import { recordingIO } from '../test-io.test-helper.js';
import { compositionsCommand } from './compositions.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/python-store/', import.meta.url));
const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A project root whose store holds the Python-tool fixtures plus one composition of ours with a
 * pattern: its default store (user data directory), or `storeDir` relative to the root.
 */
async function project(storeDir?: string): Promise<{ root: string; ours: AgentConfiguration }> {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'empathy-cli-')));
  tempDirs.push(root);
  const dirs = learningStoreDirs(root, storeDir);
  if (!dirs.explicit) tempDirs.push(dirs.base);
  mkdirSync(dirs.compositions, { recursive: true });
  for (const name of readdirSync(FIXTURES).filter((n) => n.endsWith('.json')))
    copyFileSync(join(FIXTURES, name), join(dirs.compositions, name));
  const store = new ConfigurationStore({
    projectRoot: root,
    storageDir: dirs.compositions,
    patternLibrary: new PatternLibrary({ projectRoot: root, storageDir: dirs.patterns }),
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
    expect(doc.storage_dir).toBe(learningStoreDirs(root).compositions);
    expect(doc.storage_dir.startsWith(root)).toBe(false);
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
    const patternFile = join(learningStoreDirs(root).patterns, `orchestration_${ours.id}.json`);
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

  it('never reads a store inside the repository unless --store-dir names it; an empty one lists nothing', async () => {
    const { root } = await project('.empathy/orchestration'); // the original tool's layout
    const byDefault = await run(['list'], root);
    expect(byDefault.out).toBe(`No compositions in ${learningStoreDirs(root).compositions}\n`);
    expect(byDefault.err).toMatch(/^note: the store inside the repository \(\.empathy\/orchestration\/compositions\) is not read; name it with --store-dir/);
    const list = await run(['list', '--store-dir', '.empathy/orchestration'], root);
    expect(list.out).toContain(`4 composition(s) in ${join(root, '.empathy', 'orchestration', 'compositions')}`);
    const empty = await run(['list', '--store-dir', join(root, 'nothing-here')], root);
    expect(empty.out).toBe(`No compositions in ${join(root, 'nothing-here', 'compositions')}\n`);
    await expect(run(['list', '--store', 'x'], root)).rejects.toThrow(/--store was replaced by --store-dir/);
  });

  it('refuses a store directory under a symbolic link in the repository, and renames nothing outside', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'empathy-cli-')));
    const outside = realpathSync(mkdtempSync(join(tmpdir(), 'empathy-cli-outside-')));
    tempDirs.push(root, outside);
    writeFileSync(join(outside, 'precious.json'), '{"not": "a composition"');
    mkdirSync(join(root, '.empathy', 'orchestration'), { recursive: true });
    symlinkSync(outside, join(root, '.empathy', 'orchestration', 'compositions'));
    const error = await run(['list', '--store-dir', '.empathy/orchestration'], root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/configuration store refused: \.empathy\/orchestration\/compositions in .* is a symbolic link/);
    expect(readdirSync(outside)).toEqual(['precious.json']);
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
