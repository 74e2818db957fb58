/**
 * Runs across processes: a redis-server of this file's own, `empathy worker` child
 * processes, the CLI as coordinator. Same reports as in-process; a worker killed mid-job, a
 * coordinator interrupted, Redis gone mid-run. Skips with one line without redis-server.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, removeCopies, REPO } from '../e2e/cli.test-helper.js';
import {
  processesUnder,
  startCli,
  waitFor,
  RedisServer,
  redisMissing,
  runCliChild,
  startWorkerProcess,
  withoutTimings,
  type Child,
} from './queue.test-helper.js';

const missing = redisMissing();
const scratch = mkdtempSync(path.join(os.tmpdir(), 'empathy-dist-'));
const workers: Child[] = [];
const servers: RedisServer[] = [];

afterAll(async () => {
  for (const worker of workers) worker.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  await Promise.all(servers.map((s) => s.stop()));
  removeCopies();
  rmSync(scratch, { recursive: true, force: true });
});

async function server(): Promise<RedisServer> {
  const redis = new RedisServer();
  servers.push(redis);
  await redis.start();
  return redis;
}

async function worker(queue: string, extra: string[] = []): Promise<Child> {
  const child = await startWorkerProcess(queue, path.join(scratch, `ws-${workers.length}`), extra);
  workers.push(child);
  return child;
}

const ARGS = ['--json', '--no-learn', '--no-cache'];

let baseline: Promise<{ jsLib: string; report: unknown }> | undefined;
/** js-lib's in-process report (without timings), computed once for the file. */
function jsLibBaseline(): Promise<{ jsLib: string; report: unknown }> {
  baseline ??= (async () => {
    const jsLib = copyFixture('js-lib');
    const local = await runCliChild(['orchestrate', 'release-prep', '--path', jsLib, ...ARGS]);
    expect(local.code).toBe(1); // js-lib: 63% coverage < 80
    return { jsLib, report: withoutTimings(JSON.parse(local.stdout)) };
  })();
  return baseline;
}

describe.skipIf(missing !== null)(`release-prep on workers${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let redis: RedisServer;
  let jsLib: string;
  let inProcess: unknown;

  beforeAll(async () => {
    redis = await server();
    ({ jsLib, report: inProcess } = await jsLibBaseline());
  }, 300_000);

  it('a server that does not answer is one line and exit 2', async () => {
    const run = await runCliChild(['orchestrate', 'release-prep', '--path', jsLib, '--queue', `redis+unix://${scratch}/none.sock`]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^empathy: cannot reach the queue at redis\+unix:\/\/.*none\.sock: .*start redis-server/);
  });

  it('through 2 workers gives the same report as in-process', async () => {
    await Promise.all([worker(redis.url), worker(redis.url)]);
    const run = await runCliChild(['orchestrate', 'release-prep', '--path', jsLib, '--queue', redis.url, ...ARGS]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(withoutTimings(JSON.parse(run.stdout))).toEqual(inProcess);
  }, 300_000);
});

/** A git repository made from a fixture, with one commit; returns its path and commit. */
function gitFixture(name: string): { dir: string; commit: string } {
  const dir = path.join(scratch, `git-${name}`);
  cpSync(path.join(REPO, 'test', 'fixtures', name), dir, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { cwd: dir, encoding: 'utf8' }).trim();
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'fixture');
  return { dir, commit: git('rev-parse', 'HEAD') };
}

/** The repositories' own reports under DIR/repos, without timings and clone locations. */
function repoReports(dir: string): Record<string, unknown> {
  const reports: Record<string, unknown> = {};
  for (const repo of readdirSync(path.join(dir, 'repos')).sort()) {
    const text = readFileSync(path.join(dir, 'repos', repo, 'release-prep.json'), 'utf8');
    reports[repo] = withoutTimings(JSON.parse(text.replaceAll(/"[^"]*\/trees\/[^"/]*/g, '"<checkout>')));
  }
  return reports;
}

describe('a fleet with a provider', () => {
  it('says in one line that its repositories run without the model (in-process; no call is made)', async () => {
    const dir = path.join(scratch, 'fleet-model');
    cpSync(path.join(REPO, 'test', 'fixtures', 'docs-ts'), path.join(dir, 'docs-ts'), { recursive: true });
    writeFileSync(path.join(dir, 'fleet.txt'), 'docs-ts\n');
    const run = await runCliChild(
      ['orchestrate', 'release-prep', '--repos', path.join(dir, 'fleet.txt'), '--agents', 'documentation_writer', '--no-cache', '--no-learn',
        '--format', 'json', '--output-dir', path.join(dir, 'out'), '--provider', 'openai-compatible', '--base-url', 'http://127.0.0.1:9/v1',
        '--model-cheap', 'm', '--model-capable', 'm', '--model-premium', 'm'],
    );
    expect([0, 1]).toContain(run.code);
    expect(run.stderr).toContain('release-prep: a fleet runs without a model: provider openai-compatible is not used with --repos\n');
    const report = readFileSync(path.join(dir, 'out', 'repos', '01-docs-ts', 'release-prep.json'), 'utf8');
    expect(report).not.toContain('model_notes');
  }, 300_000);
});

describe.skipIf(missing !== null)(`a fleet of 5 repositories${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let redis: RedisServer;
  let fleetFile: string;
  let inProcess: { code: number | null; summary: { repositories: Array<Record<string, unknown>> }; reports: Record<string, unknown> };

  beforeAll(async () => {
    redis = await server();
    const dir = path.join(scratch, 'fleet');
    for (const name of ['js-lib', 'docs-ts', 'py-pkg', 'quality-score']) cpSync(path.join(REPO, 'test', 'fixtures', name), path.join(dir, name), { recursive: true });
    const pinned = gitFixture('js-mocha');
    fleetFile = path.join(dir, 'fleet.txt');
    writeFileSync(
      fleetFile,
      ['# five fixtures, one pinned by commit, and a commit that does not exist', 'js-lib', 'docs-ts', 'py-pkg', 'quality-score',
        `file://${pinned.dir}@${pinned.commit}`, `file://${pinned.dir}@0123456789abcdef`].join('\n'),
    );
    const out = path.join(scratch, 'fleet-local');
    const run = await runCliChild(['orchestrate', 'release-prep', '--repos', fleetFile, '--no-cache', '--format', 'json,console', '--output-dir', out]);
    inProcess = { code: run.code, summary: JSON.parse(readFileSync(path.join(out, 'release-prep-fleet.json'), 'utf8')), reports: repoReports(out) };
  }, 600_000);

  it('in-process: one row per repository in the file order, each with its own report; the bad commit is an error row', () => {
    expect(inProcess.code).toBe(1);
    const rows = inProcess.summary.repositories;
    expect(rows.map((r) => r['repository'])).toEqual(['js-lib', 'docs-ts', 'py-pkg', 'quality-score', expect.stringMatching(/git-js-mocha@[0-9a-f]{40}$/), expect.stringMatching(/@0123456789abcdef$/)]);
    expect(rows.slice(0, 5).every((r) => r['verdict'] !== 'error' && (r['gates'] as unknown[]).length === 4)).toBe(true);
    expect(rows[5]).toMatchObject({ verdict: 'error', error: expect.stringMatching(/^commit 0123456789abcdef is not in file:\/\/.*git-js-mocha/) });
    expect(Object.keys(inProcess.reports)).toEqual(['01-js-lib', '02-docs-ts', '03-py-pkg', '04-quality-score', '05-git-js-mocha']);
  });

  it('through 2 workers gives the same summary and reports (modulo timings and worker names)', async () => {
    await Promise.all([worker(redis.url), worker(redis.url)]);
    const out = path.join(scratch, 'fleet-queue');
    const run = await runCliChild(['orchestrate', 'release-prep', '--repos', fleetFile, '--no-cache', '--format', 'json,console', '--output-dir', out, '--queue', redis.url]);
    expect(run.code).toBe(1);
    const summary = JSON.parse(readFileSync(path.join(out, 'release-prep-fleet.json'), 'utf8')) as typeof inProcess.summary;
    const strip = (rows: Array<Record<string, unknown>>) => rows.map(({ worker: _w, duration_seconds: _d, ...rest }) => rest);
    expect(strip(summary.repositories)).toEqual(strip(inProcess.summary.repositories));
    expect(repoReports(out)).toEqual(inProcess.reports);
    expect(readFileSync(path.join(out, 'release-prep-fleet.txt'), 'utf8')).toContain('0 of 6 repositories approved; ran on redis+unix://');
  }, 600_000);
});

describe.skipIf(missing !== null)(`faults${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it('a worker killed with SIGKILL mid-job: another takes the job over after its lock expires, same report', async () => {
    const { jsLib, report } = await jsLibBaseline();
    const redis = await server();
    const doomed = await worker(redis.url, ['--concurrency', '4', '--lock-seconds', '5']);
    const coordinator = startCli(['orchestrate', 'release-prep', '--path', jsLib, '--queue', redis.url, ...ARGS]);
    await doomed.line(/started: agent test_coverage_analyzer/);
    doomed.kill('SIGKILL');
    await doomed.exited;
    const heir = await worker(redis.url, ['--lock-seconds', '5']);
    expect(await coordinator.exited).toBe(1);
    expect(heir.lines.some((l) => /started: agent test_coverage_analyzer/.test(l))).toBe(true);
    expect(withoutTimings(JSON.parse(coordinator.stdout))).toEqual(report);
  }, 300_000);

  it('Ctrl-C on the coordinator cancels the run on the worker and its test processes end', async () => {
    const hang = copyFixture('cov-hang');
    const redis = await server();
    const busy = await worker(redis.url);
    const coordinator = startCli(['orchestrate', 'release-prep', '--path', hang, '--agents', 'test_coverage_analyzer', '--queue', redis.url, ...ARGS]);
    await busy.line(/started: agent test_coverage_analyzer/);
    const tests = () => processesUnder(hang).filter((pid) => pid !== coordinator.process.pid);
    await waitFor('the hanging test process', () => tests().length > 0);
    coordinator.kill('SIGINT');
    expect(await coordinator.exited).toBe(130);
    expect(coordinator.stderr).toContain('interrupted');
    // They end because the run was cancelled (the hanging test never ends by itself); the bound
    // is for a hang only, not a speed (well under 5 s on an idle machine).
    await waitFor('the test processes to end', () => tests().length === 0, 240_000);
    await busy.line(/job .* cancelled/);
  }, 300_000);

  it('Redis gone mid-run: the coordinator fails with one line within a bounded time, never hangs', async () => {
    const hang = copyFixture('cov-hang');
    const redis = await server();
    const orphan = await worker(redis.url);
    const coordinator = startCli(['orchestrate', 'release-prep', '--path', hang, '--agents', 'test_coverage_analyzer', '--queue', redis.url, ...ARGS]);
    await orphan.line(/started: agent test_coverage_analyzer/);
    await redis.kill();
    const code = await Promise.race([coordinator.exited, waitFor('the coordinator to end', () => false, 240_000)]);
    expect(code).toBe(2);
    expect(coordinator.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^empathy: lost the queue at redis\+unix:.*no answer for 10 s/)]);
    orphan.kill('SIGKILL');
  }, 300_000);
});
