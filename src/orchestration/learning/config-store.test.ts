import { fileURLToPath } from 'node:url';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../errors.js';
import { AgentConfiguration } from './agent-configuration.js';
import { ConfigurationStore } from './config-store.js';
import { learningStoreDirs } from './store-dir.js';
import { userDataDir } from '../../core/user-dirs.js';
import { captureLogs, useTempDirs } from '../../core/temp-dir.test-helper.js';

const makeTempDir = useTempDirs();

const events = captureLogs();

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/python-store/', import.meta.url));

function team(taskPattern = 'release_prep', roles = ['security_auditor', 'test_coverage_analyzer']) {
  return new AgentConfiguration({
    taskPattern,
    strategy: 'parallel',
    agents: roles.map((role) => ({ role, tier: 'CAPABLE' })),
    qualityGates: { min_coverage: 80 },
  });
}

/** A configuration with `successes` out of `uses` recorded, all at the given quality. */
function withRecord(roles: string[], successes: number, uses: number, quality = 80): AgentConfiguration {
  const cfg = team('release_prep', roles);
  for (let i = 0; i < uses; i++) cfg.recordOutcome(i < successes, quality);
  return cfg;
}

describe('ConfigurationStore basics', () => {
  it("defaults to the project's directory in the user data directory (never the repository) and round-trips a composition", async () => {
    const root = makeTempDir();
    const store = new ConfigurationStore({ projectRoot: root });
    expect(store.storageDir).toBe(learningStoreDirs(root).compositions);
    expect(store.storageDir.startsWith(userDataDir())).toBe(true);
    expect(store.storageDir.startsWith(root)).toBe(false);
    const cfg = team();
    cfg.recordOutcome(true, 87.5);
    const path = await store.save(cfg);
    expect(path).toBe(join(store.storageDir, `${cfg.id}.json`));
    const file = JSON.parse(readFileSync(path, 'utf8'));
    expect(file).toMatchObject({
      schema_version: 1,
      id: cfg.id,
      task_pattern: 'release_prep',
      usage_count: 1,
      success_rate: 1,
    });
    const loaded = await store.load(cfg.id);
    expect(loaded?.toJSON()).toEqual(cfg.toJSON());
  });

  it('load of an unknown id and reads of a missing directory resolve to nothing', async () => {
    const store = new ConfigurationStore({ storageDir: join(makeTempDir(), 'not-yet') });
    expect(await store.load('comp_nothing')).toBeUndefined();
    expect(await store.listAll()).toEqual([]);
    expect(await store.search()).toEqual([]);
    expect(await store.delete('comp_nothing')).toBe(false);
  });

  it('delete removes the file and reports whether there was one', async () => {
    const store = new ConfigurationStore({ storageDir: makeTempDir() });
    const cfg = team();
    await store.save(cfg);
    expect(await store.delete(cfg.id)).toBe(true);
    expect(await store.load(cfg.id)).toBeUndefined();
    expect(await store.delete(cfg.id)).toBe(false);
  });

  it('recordOutcome creates the record from a configuration, then accumulates on it', async () => {
    const store = new ConfigurationStore({ storageDir: makeTempDir() });
    const cfg = team();
    await store.recordOutcome(cfg, true, 90);
    await store.recordOutcome(cfg.id, false, 60);
    const third = await store.recordOutcome(team(), true, 75); // same team, new object: same id
    expect(third.id).toBe(cfg.id);
    expect(third.usageCount).toBe(3);
    expect(third.successCount).toBe(2);
    expect(third.failureCount).toBe(1);
    expect(third.avgQualityScore).toBeCloseTo(75, 10);
    expect(cfg.usageCount).toBe(0); // the caller's object is not changed
    await expect(store.recordOutcome('comp_unknown', true, 50)).rejects.toThrow(
      /no composition comp_unknown/,
    );
    await expect(store.recordOutcome(cfg, 'yes' as unknown as boolean, 50)).rejects.toBeInstanceOf(UserError);
    await expect(store.recordOutcome(cfg, true, 101)).rejects.toBeInstanceOf(UserError);
  });

  it('listAll orders by last_used, newest first, never-used last', async () => {
    const store = new ConfigurationStore({ storageDir: makeTempDir() });
    const a = team('a');
    const b = team('b');
    const c = team('c');
    a.recordOutcome(true, 50, new Date('2025-03-01T00:00:00Z'));
    b.recordOutcome(true, 50, new Date('2025-05-01T00:00:00Z'));
    for (const cfg of [a, b, c]) await store.save(cfg);
    expect((await store.listAll()).map((x) => x.taskPattern)).toEqual(['b', 'a', 'c']);
  });
});

describe('ranking by the Wilson lower bound', () => {
  it('50 successes out of 51 outrank 1 out of 1, and ties go to quality', async () => {
    const store = new ConfigurationStore({ storageDir: makeTempDir() });
    const lucky = withRecord(['one_hit'], 1, 1, 99);
    const proven = withRecord(['proven'], 50, 51, 70);
    const middling = withRecord(['middling'], 3, 3, 95);
    const sameAsProvenBetterQuality = withRecord(['proven_better'], 50, 51, 85);
    for (const cfg of [lucky, proven, middling, sameAsProvenBetterQuality]) await store.save(cfg);
    const ranked = await store.search({ taskPattern: 'release_prep' });
    expect(ranked.map((c) => c.agents[0]?.role)).toEqual(['proven_better', 'proven', 'middling', 'one_hit']);
    expect((await store.getBestForTask('release_prep'))?.agents[0]?.role).toBe('proven_better');
    expect(ranked[0]?.wilsonLowerBound).toBeGreaterThan(ranked[3]?.wilsonLowerBound ?? 1);
  });

  it('filters by success rate, quality, uses and task pattern, and honours limit', async () => {
    const store = new ConfigurationStore({ storageDir: makeTempDir() });
    await store.save(withRecord(['a'], 9, 10, 90)); // 0.9
    await store.save(withRecord(['b'], 7, 10, 60)); // 0.7
    await store.save(withRecord(['c'], 2, 2, 95)); // 1.0, 2 uses
    const other = team('security_audit', ['x']);
    other.recordOutcome(true, 99);
    await store.save(other);
    const roles = async (o: Parameters<ConfigurationStore['search']>[0]) =>
      (await store.search(o)).map((c) => c.agents[0]?.role);
    expect(await roles({ taskPattern: 'release_prep', minSuccessRate: 0.8 })).toEqual(['a', 'c']);
    expect(await roles({ taskPattern: 'release_prep', minQualityScore: 80 })).toEqual(['a', 'c']);
    expect(await roles({ taskPattern: 'release_prep', minSuccessRate: 0.8, minUsageCount: 3 })).toEqual([
      'a',
    ]);
    expect(await roles({ limit: 1 })).toEqual(['a']);
    expect(await roles({ taskPattern: 'security_audit' })).toEqual(['x']);
    expect(
      await store.getBestForTask('release_prep', { minSuccessRate: 0.95, minUsageCount: 3 }),
    ).toBeUndefined();
    await expect(store.search({ minSuccessRate: 1.5 })).rejects.toBeInstanceOf(UserError);
    await expect(store.search({ minQualityScore: -1 })).rejects.toBeInstanceOf(UserError);
    await expect(store.search({ limit: 0 })).rejects.toBeInstanceOf(UserError);
  });

  it('sees files written by another store instance (another process) without a restart', async () => {
    const dir = makeTempDir();
    const reader = new ConfigurationStore({ storageDir: dir });
    const writer = new ConfigurationStore({ storageDir: dir });
    expect(await reader.search()).toHaveLength(0);
    const cfg = team();
    await writer.recordOutcome(cfg, true, 80);
    expect((await reader.search())[0]?.usageCount).toBe(1);
    await writer.recordOutcome(cfg, true, 80);
    await writer.recordOutcome(cfg, false, 80);
    expect((await reader.search())[0]?.usageCount).toBe(3);
    await writer.delete(cfg.id);
    expect(await reader.search()).toHaveLength(0);
  });
});

describe('unsafe ids, unreadable files, unwritable stores', () => {
  it.each(['../escape', '/etc/passwd', 'a/b', 'a\\b', 'nul\0byte', '', '..', '.hidden', 'x'.repeat(201)])(
    'rejects the id %j with a UserError',
    async (id) => {
      const dir = makeTempDir();
      const store = new ConfigurationStore({ storageDir: dir });
      await expect(store.load(id)).rejects.toBeInstanceOf(UserError);
      await expect(store.delete(id)).rejects.toBeInstanceOf(UserError);
      await expect(store.recordOutcome(id, true, 50)).rejects.toBeInstanceOf(UserError);
      expect(
        () =>
          new AgentConfiguration({
            id,
            taskPattern: 'x',
            agents: [{ role: 'r', tier: 'CHEAP' }],
            strategy: 'parallel',
          }),
      ).toThrow(UserError);
      expect(readdirSync(dir)).toEqual([]);
    },
  );

  it('moves a file that does not parse or fails the schema aside as <id>.json.corrupt and keeps working', async () => {
    const dir = makeTempDir();
    const store = new ConfigurationStore({ storageDir: dir });
    const good = team();
    await store.save(good);
    writeFileSync(join(dir, 'comp_broken.json'), '{"id": "comp_broken", "task_pattern": ');
    writeFileSync(
      join(dir, 'comp_bad_schema.json'),
      JSON.stringify({ ...good.toJSON(), id: 'comp_bad_schema', usage_count: -3 }),
    );
    const all = await store.listAll();
    expect(all.map((c) => c.id)).toEqual([good.id]);
    expect(readdirSync(dir).sort()).toEqual(
      [`${good.id}.json`, 'comp_bad_schema.json.corrupt', 'comp_broken.json.corrupt'].sort(),
    );
    const warnings = events.filter(
      (e) => e.level === 'warn' && e.message.includes('moved an unreadable store file aside'),
    );
    expect(warnings).toHaveLength(2);
    expect(JSON.stringify(warnings)).toContain('usage_count');
    // load() of a corrupt file sets it aside too, and resolves to undefined.
    writeFileSync(join(dir, 'comp_third.json'), 'not json');
    expect(await store.load('comp_third')).toBeUndefined();
    expect(existsSync(join(dir, 'comp_third.json.corrupt'))).toBe(true);
  });

  it('leaves a file with a newer schema_version alone (skipped, warned, not renamed)', async () => {
    const dir = makeTempDir();
    const store = new ConfigurationStore({ storageDir: dir });
    writeFileSync(
      join(dir, 'comp_future.json'),
      JSON.stringify({ ...team().toJSON(), id: 'comp_future', schema_version: 99 }),
    );
    expect(await store.listAll()).toEqual([]);
    expect(readdirSync(dir)).toEqual(['comp_future.json']);
    expect(events.some((e) => e.message.includes('newer version'))).toBe(true);
    await expect(store.load('comp_future')).rejects.toThrow(/schema_version 99/);
  });

  it('an unwritable store directory gives a clear error on save, and reads still work', async () => {
    const root = makeTempDir();
    writeFileSync(join(root, 'a-file'), 'x');
    const blocked = new ConfigurationStore({ storageDir: join(root, 'a-file', 'store') });
    const error = await blocked.save(team()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toContain(join(root, 'a-file', 'store'));
    expect((error as Error).message).toContain('storageDir');
    expect(await blocked.listAll()).toEqual([]);

    // A read-only directory (immutable even for root, when chattr is available).
    const dir = join(root, 'ro');
    mkdirSync(dir);
    const cfg = team();
    await new ConfigurationStore({ storageDir: dir }).save(cfg);
    try {
      execFileSync('chattr', ['+i', dir], { stdio: 'ignore' });
    } catch {
      return; // no chattr / unsupported file system: the ENOTDIR case above still ran
    }
    try {
      const ro = new ConfigurationStore({ storageDir: dir });
      const saveError = await ro.save(team('other')).catch((e: unknown) => e);
      expect(saveError).toBeInstanceOf(UserError);
      expect((saveError as Error).message).toMatch(
        /cannot write the configuration store at .*ro.*storageDir/,
      );
      expect((await ro.load(cfg.id))?.id).toBe(cfg.id);
      expect((await ro.listAll()).map((c) => c.id)).toEqual([cfg.id]);
    } finally {
      execFileSync('chattr', ['-i', dir], { stdio: 'ignore' });
    }
  });
});

describe('store files from the original Python tool', () => {
  it('loads them with their figures, ranks them and updates them in our format', async () => {
    const dir = makeTempDir();
    for (const name of readdirSync(FIXTURES).filter((n) => n.endsWith('.json')))
      copyFileSync(join(FIXTURES, name), join(dir, name));
    const store = new ConfigurationStore({ storageDir: dir });
    const release = await store.load('comp_release_001');
    expect(release).toBeDefined();
    expect(release!.taskPattern).toBe('release_preparation');
    expect(release!.agents.map((a) => `${a.role}:${a.tier}`)).toEqual([
      'security_auditor:PREMIUM',
      'test_analyzer:CAPABLE',
      'code_reviewer:CAPABLE',
      'documentation_writer:CHEAP',
    ]);
    expect(release!.qualityGates).toEqual({
      min_coverage: 80,
      min_quality_score: 7,
      max_critical_issues: 0,
      min_doc_coverage: 100,
    });
    expect([release!.usageCount, release!.successCount, release!.failureCount]).toEqual([6, 5, 1]);
    expect(release!.successRate).toBeCloseTo(5 / 6, 12);
    expect(release!.avgQualityScore).toBeCloseTo(85.25412, 6);
    // Naive Python timestamps are local time, as datetime.now() wrote them.
    expect(release!.createdAt.getTime()).toBe(new Date(2025, 0, 14, 9, 12, 33, 483).getTime());
    expect(release!.tags).toEqual(['release', 'security', 'production']);

    const boost = await store.load('test_coverage_boost_001');
    expect(boost!.agents[0]).toEqual({
      role: 'test_coverage_analyzer',
      tier: 'CAPABLE',
      tools: ['coverage_analyzer'],
    });
    const never = await store.load('security_deep_dive_001');
    expect(never!.lastUsed).toBeNull();
    expect(never!.strategy).toBe('teaching');

    expect((await store.listAll()).map((c) => c.id)).toEqual([
      'test_coverage_boost_001',
      'comp_release_001',
      'security_deep_dive_001',
    ]);
    expect((await store.getBestForTask('release_preparation'))?.id).toBe('comp_release_001');

    // Recording on an imported record continues its history and writes our format (extra keys kept).
    const updated = await store.recordOutcome('test_coverage_boost_001', true, 90);
    expect(updated.usageCount).toBe(4);
    const file = JSON.parse(readFileSync(join(dir, 'test_coverage_boost_001.json'), 'utf8'));
    expect(file.schema_version).toBe(1);
    expect(file.agents[1].tools).toEqual(['test_generator']);
    expect(file.created_at).toBe(new Date(2025, 1, 3, 16, 45, 1, 0).toISOString());
    expect(readdirSync(dir).some((n) => n.includes('corrupt'))).toBe(false);
  });
});
