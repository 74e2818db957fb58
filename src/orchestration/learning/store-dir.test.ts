import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { captureLogs, useTempDirs } from '../../core/temp-dir.test-helper.js';
import { repositoryKey } from '../../core/user-dirs.js';
import { UserError } from '../../errors.js';
import { AgentConfiguration } from './agent-configuration.js';
import { ConfigurationStore } from './config-store.js';
import { PatternLibrary } from './pattern-library.js';
import { assertStoreDirNotLinked, defaultLearningStoreDir, learningStoreDirs } from './store-dir.js';

const makeTempDir = useTempDirs('empathy-store-dir-');
captureLogs();
const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/python-store/', import.meta.url));

const team = () =>
  new AgentConfiguration({
    taskPattern: 'release_prep',
    strategy: 'parallel',
    agents: [{ role: 'documentation_writer', tier: 'CHEAP' }],
  });

/** Every file under `dir` with its content, to prove nothing changed. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile())
      out[join(entry.parentPath, entry.name)] = readFileSync(join(entry.parentPath, entry.name), 'utf8');
  return out;
}

describe('learning store directories', () => {
  it('default to the user data directory keyed by the real path; a named one holds compositions/ and patterns/', () => {
    const root = realpathSync(makeTempDir());
    const dirs = learningStoreDirs(root);
    expect(dirs).toEqual({
      base: defaultLearningStoreDir(root),
      compositions: join(defaultLearningStoreDir(root), 'compositions'),
      patterns: join(defaultLearningStoreDir(root), 'patterns'),
      explicit: false,
    });
    expect(defaultLearningStoreDir(root, { EMPATHY_DATA_DIR: '/data/e' })).toBe(
      `/data/e/repos/${repositoryKey(root)}`,
    );
    expect(learningStoreDirs(root, '.empathy/orchestration')).toMatchObject({
      compositions: join(root, '.empathy', 'orchestration', 'compositions'),
      explicit: true,
    });
    expect(learningStoreDirs(root, 'rel', { base: '/cwd' }).patterns).toBe('/cwd/rel/patterns');
    expect(() => learningStoreDirs(root, ' ')).toThrow(UserError);
  });

  it('refuse a symlinked store directory or a symlinked parent inside the repository; allow links outside it', async () => {
    const root = realpathSync(makeTempDir());
    const outside = realpathSync(makeTempDir());
    mkdirSync(join(root, 'a'));
    symlinkSync(outside, join(root, 'a', 'link'));
    symlinkSync(outside, join(root, '.empathy'));
    await expect(assertStoreDirNotLinked(root, join(root, 'a', 'link'))).rejects.toThrow(
      /a\/link in .* is a symbolic link/,
    );
    await expect(
      assertStoreDirNotLinked(root, join(root, '.empathy', 'orchestration', 'compositions')),
    ).rejects.toThrow(/^learning store refused: \.empathy in .* is a symbolic link/);
    await expect(assertStoreDirNotLinked(root, join(root, 'a', 'not-yet', 'x'))).resolves.toBeUndefined();
    symlinkSync(root, join(outside, 'to-repo'));
    await expect(assertStoreDirNotLinked(root, join(outside, 'to-repo', 'store'))).resolves.toBeUndefined(); // the user's own path
  });

  it('a store under a symlink inside the repository reads, writes and renames nothing', async () => {
    const root = realpathSync(makeTempDir());
    const outside = realpathSync(makeTempDir());
    writeFileSync(join(outside, 'victim.json'), '{ not json');
    writeFileSync(join(outside, 'orchestration_victim.json'), '{ not json');
    mkdirSync(join(root, '.empathy', 'orchestration'), { recursive: true });
    symlinkSync(outside, join(root, '.empathy', 'orchestration', 'compositions'));
    const before = snapshot(outside);
    const dirs = learningStoreDirs(root, '.empathy/orchestration');
    const store = new ConfigurationStore({
      projectRoot: root,
      storageDir: dirs.compositions,
      patternLibrary: new PatternLibrary({ projectRoot: root, storageDir: dirs.patterns }),
    });
    const attempts: Array<() => Promise<unknown>> = [
      () => store.listAll(),
      () => store.search(),
      () => store.load('victim'),
      () => store.delete('victim'),
      () => store.save(team()),
      () => store.recordOutcome(team(), true, 90),
    ];
    for (const attempt of attempts) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as Error).message).toMatch(/^configuration store refused: .* is a symbolic link/);
      expect((error as Error).message).not.toContain('\n');
    }
    expect(snapshot(outside)).toEqual(before);
    expect(existsSync(join(root, '.empathy', 'orchestration', 'patterns'))).toBe(false);

    // The same through the pattern directory: the library refuses before renaming anything.
    symlinkSync(outside, join(root, 'patterns-link'));
    const patterns = new PatternLibrary({ projectRoot: root, storageDir: 'patterns-link' });
    await expect(patterns.list()).rejects.toThrow(/^pattern library refused: patterns-link/);
    expect(snapshot(outside)).toEqual(before);
  });

  it("reads the original Python tool's in-repository store when named (--store-dir .empathy/orchestration)", async () => {
    const root = realpathSync(makeTempDir());
    const dirs = learningStoreDirs(root, '.empathy/orchestration');
    mkdirSync(dirs.compositions, { recursive: true });
    for (const name of readdirSync(FIXTURES).filter((n) => n.endsWith('.json')))
      copyFileSync(join(FIXTURES, name), join(dirs.compositions, name));
    const named = new ConfigurationStore({ projectRoot: root, storageDir: dirs.compositions });
    expect((await named.listAll()).map((c) => c.id).sort()).toEqual([
      'comp_release_001',
      'security_deep_dive_001',
      'test_coverage_boost_001',
    ]);
    expect(await new ConfigurationStore({ projectRoot: root }).listAll()).toEqual([]); // default: never the repository's
  });
});
