/**
 * The GitHub Action (action.yml) run as GitHub would run its steps: the `run` scripts of the
 * composite action, in order, with the `GITHUB_*` variables of a pull-request event, the
 * expressions (`${{ inputs.x }}`, `${{ steps.run.outputs.y }}`, `if:`) evaluated, the CLI of this
 * checkout instead of the npm package, and the GitHub API as a loopback server (no network).
 * The `uses: actions/cache/restore|save` steps run against a cache kept in a scratch directory
 * with actions/cache's documented semantics (exact key, else the newest entry whose key starts
 * with a restore key; entries are immutable).
 */
import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { changedJsLib, git, removeGitRepos } from '../../src/workflows/new-code/test-repo.test-helper.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const MARKER = '<!-- empathy-framework:release-report -->';

interface Step {
  id: string;
  if?: string;
  shell?: string;
  env?: Record<string, string>;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}
const action = parse(readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as Action;

interface Context {
  inputs: Record<string, string>;
  github: Record<string, string>;
  runner: Record<string, string>;
  steps: Record<string, { outputs: Record<string, string> }>;
}

/** Evaluates a GitHub expression (the subset action.yml uses: contexts, string literals, ==, &&, ||, parentheses, always()). */
function evaluate(expression: string, ctx: Context): unknown {
  if (/[^\s'()|&=\w.-]/.test(expression)) throw new Error(`unsupported expression ${expression}`);
  const js = expression
    .replace(/\balways\(\)/g, 'true')
    .replace(/\b(inputs|github|runner|steps)((?:\.[A-Za-z_][\w-]*)+)/g, (_m, root: string, rest: string) => {
      let value: unknown = ctx[root as keyof Context];
      for (const key of rest.slice(1).split('.')) value = (value as Record<string, unknown> | undefined)?.[key];
      return JSON.stringify(value ?? '');
    })
    .replace(/==/g, '===');
  return new Function(`return (${js});`)() as unknown;
}

function substitute(text: string, ctx: Context): string {
  return text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_m, e: string) => String(evaluate(e, ctx)));
}

function readOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) out[line.slice(0, at)] = line.slice(at + 1);
  }
  return out;
}

interface StepRun {
  id: string;
  skipped: boolean;
  code: number;
  stdout: string;
  stderr: string;
}

let cacheDir = '';
let workflowRuns = 0;

/** The step runs by step id. */
function byId(runs: readonly StepRun[]): Record<string, StepRun | undefined> {
  return Object.fromEntries(runs.map((r) => [r.id, r]));
}

/** The cache's entries, oldest first: `<sequence>-<encoded key>` directories in `cacheDir`. */
function cacheEntries(): Array<{ dir: string; key: string }> {
  const names = existsSync(cacheDir) ? readdirSync(cacheDir).sort() : [];
  return names.map((name) => ({ dir: path.join(cacheDir, name), key: decodeURIComponent(name.slice(name.indexOf('-') + 1)) }));
}

/** A `uses:` step: actions/cache/restore or actions/cache/save against `cacheDir`. */
function runUses(step: Step, ctx: Context): { run: StepRun; outputs: Record<string, string> } {
  const w = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, substitute(v, ctx)]));
  const key = w['key'] ?? '';
  const target = w['path'] ?? '';
  const entries = cacheEntries();
  const done = (stdout: string, outputs: Record<string, string> = {}) => ({ run: { id: step.id, skipped: false, code: 0, stdout, stderr: '' }, outputs });
  if (step.uses === 'actions/cache/restore@v4') {
    const exact = entries.find((e) => e.key === key);
    const prefixes = (w['restore-keys'] ?? '').split('\n').map((p) => p.trim()).filter(Boolean);
    const matched = exact ?? prefixes.map((p) => entries.filter((e) => e.key.startsWith(p)).at(-1)).find((e) => e !== undefined);
    if (!matched) return done(`Cache not found for input keys: ${[key, ...prefixes].join(', ')}`, { 'cache-hit': 'false' });
    cpSync(matched.dir, target, { recursive: true });
    return done(`Cache restored from key: ${matched.key}`, { 'cache-hit': String(matched === exact), 'cache-matched-key': matched.key });
  }
  if (step.uses === 'actions/cache/save@v4') {
    if (!existsSync(target)) return done(`Warning: Path Validation Error: ${target} does not exist, no cache saved`);
    if (entries.some((e) => e.key === key)) return done(`Warning: Cache already exists: ${key}`);
    cpSync(target, path.join(cacheDir, `${String(entries.length).padStart(4, '0')}-${encodeURIComponent(key)}`), { recursive: true });
    return done(`Cache saved with key: ${key}`);
  }
  throw new Error(`the test runs no action ${step.uses ?? '(none)'}`);
}

/**
 * Runs the action's steps; after a failing step only the steps whose `if:` has `always()` run,
 * as on GitHub. `github` adds to the github context (run_id, run_attempt).
 */
async function runAction(
  inputs: Record<string, string>,
  env: Record<string, string>,
  eventName: string,
  github: Record<string, string> = {},
): Promise<StepRun[]> {
  const ctx: Context = {
    inputs: Object.fromEntries(
      Object.entries(action.inputs).map(([k, v]) => [k, inputs[k] ?? (v.default?.includes('${{') ? 'token-from-default' : (v.default ?? ''))]),
    ),
    github: { event_name: eventName, token: 'default-token', run_id: String(++workflowRuns), run_attempt: '1', ...github },
    runner: { temp: env['RUNNER_TEMP']! },
    steps: {},
  };
  const runs: StepRun[] = [];
  let failed = false;
  for (const step of action.runs.steps) {
    const runs_ = !failed || (step.if ?? '').includes('always()');
    if (!runs_ || (step.if !== undefined && !evaluate(step.if, ctx))) {
      runs.push({ id: step.id, skipped: true, code: 0, stdout: '', stderr: '' });
      continue;
    }
    if (step.uses !== undefined) {
      const { run, outputs } = runUses(step, ctx);
      ctx.steps[step.id] = { outputs };
      runs.push(run);
      continue;
    }
    const output = path.join(env['RUNNER_TEMP']!, `output-${step.id}`);
    writeFileSync(output, '');
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(v, ctx)]));
    const result = await new Promise<StepRun>((resolve) => {
      execFile(
        step.shell ?? 'bash',
        ['-e', '-c', substitute(step.run ?? '', ctx)],
        { cwd: env['GITHUB_WORKSPACE'], env: { ...process.env, ...env, ...stepEnv, GITHUB_OUTPUT: output }, timeout: 240_000 },
        (error, stdout, stderr) => {
          const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : -1) : 0;
          resolve({ id: step.id, skipped: false, code, stdout, stderr });
        },
      );
    });
    ctx.steps[step.id] = { outputs: readOutputs(output) };
    runs.push(result);
    if (result.code !== 0) failed = true;
  }
  return runs;
}

interface Recorded {
  method: string;
  url: string;
  auth: string;
  body: { body?: string } | null;
}
const requests: Recorded[] = [];
let comments: Array<{ id: number; body: string }> = [];
let readOnly = false;
let server: Server;
let apiUrl = '';

function bodyOf(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => resolve(text));
  });
}

let repo = '';
let scratch = '';
const env: Record<string, string> = {};

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const text = await bodyOf(req);
    const body = text ? (JSON.parse(text) as { body?: string }) : null;
    requests.push({ method: req.method ?? '', url: req.url ?? '', auth: String(req.headers.authorization), body });
    const send = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (req.method === 'GET' && req.url?.startsWith('/repos/acme/app/issues/7/comments')) return send(200, comments);
    if (readOnly) return send(403, { message: 'Resource not accessible by integration' });
    if (req.method === 'POST' && req.url === '/repos/acme/app/issues/7/comments') {
      const made = { id: 100 + comments.length, body: body?.body ?? '' };
      comments.push(made);
      return send(201, made);
    }
    const patch = /^\/repos\/acme\/app\/issues\/comments\/(\d+)$/.exec(req.url ?? '');
    const found = patch ? comments.find((c) => c.id === Number(patch[1])) : undefined;
    if (req.method === 'PATCH' && found) {
      found.body = body?.body ?? '';
      return send(200, found);
    }
    send(404, { message: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  apiUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const made = changedJsLib();
  repo = made.repo;
  scratch = made.scratch;
  const lcov = made.lcov;
  const base = git(repo, 'rev-parse', 'main').trim();
  mkdirSync(path.join(scratch, 'temp'), { recursive: true });
  cacheDir = path.join(scratch, 'actions-cache');
  mkdirSync(path.join(scratch, 'config'), { recursive: true });
  // your user config (outside the repository): one agent and the coverage report to read
  writeFileSync(
    path.join(scratch, 'config', 'config.json'),
    JSON.stringify({ agents: ['test_coverage_analyzer'], analyzers: { coverage: { reportFile: lcov } } }),
  );
  const event = path.join(scratch, 'event.json');
  writeFileSync(event, JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7, base: { sha: base, ref: 'main' }, head: { ref: 'feature' } } }));
  Object.assign(env, {
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION_PATH: REPO,
    GITHUB_WORKSPACE: repo,
    GITHUB_EVENT_PATH: event,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_BASE_REF: 'main',
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_API_URL: apiUrl,
    GITHUB_STEP_SUMMARY: path.join(scratch, 'summary.md'),
    RUNNER_TEMP: path.join(scratch, 'temp'),
    EMPATHY_CLI: `${process.execPath} ${path.join(REPO, 'bin', 'empathy.js')}`,
    EMPATHY_CONFIG_DIR: path.join(scratch, 'config'),
    NO_COLOR: '1',
  });
  writeFileSync(env['GITHUB_STEP_SUMMARY']!, '');
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  removeGitRepos();
});

describe('action.yml', () => {
  it('is a composite action with the documented inputs; its scripts get inputs through the environment only', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(['path', 'base', 'gates', 'formats', 'args', 'comment', 'fail-on-blocked', 'github-token', 'history', 'history-key']);
    expect(action.runs.steps.map((s) => s.id)).toEqual(['history-restore', 'run', 'history-save', 'comment', 'verdict']);
    for (const step of action.runs.steps) expect(step.run ?? '').not.toContain('${{'); // no expression pasted into a script
    expect(action.runs.steps.flatMap((s) => s.uses ?? [])).toEqual(['actions/cache/restore@v4', 'actions/cache/save@v4']);
  });

  it('on a pull request: gates the change against the event base, annotates, writes the summary, SARIF and one sticky comment', async () => {
    comments = [{ id: 1, body: 'LGTM' }];
    const runs = await runAction({ gates: '{"min_coverage": 10, "min_new_coverage": 60}', formats: 'sarif,html' }, env, 'pull_request');
    const { run, comment, verdict } = byId(runs);
    expect(run?.stderr).not.toMatch(/Error|at .*\.js:\d+/);
    expect(run?.code).toBe(0);
    // the annotation of the uncovered changed line, printed for GitHub
    expect(run?.stdout).toContain('::error file=lib/queue.js,line=14,title=Changed lines not covered by tests::line 14 changed and not covered by any test');
    const summary = readFileSync(env['GITHUB_STEP_SUMMARY']!, 'utf8');
    expect(summary).toContain('| New Code Coverage | ❌ fail | 50 | 60 |');
    expect(summary).toContain('Compared with ' + git(repo, 'rev-parse', 'main').trim() + ' (GITHUB_EVENT_PATH (pull_request.base.sha))');
    const dir = path.join(env['RUNNER_TEMP']!, 'empathy');
    expect(JSON.parse(readFileSync(path.join(dir, 'release-prep.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(readFileSync(path.join(dir, 'release-prep.html'), 'utf8')).toContain('<h2>New code</h2>');
    // one comment created with the report and the marker, with the input token
    expect(comment?.code).toBe(0);
    expect(comment?.stdout).toContain('empathy: pull-request comment created (101)');
    const posts = requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.auth).toBe('Bearer token-from-default');
    expect(comments.map((c) => c.id)).toEqual([1, 101]);
    expect(comments[1]?.body).toContain('### New code');
    expect(comments[1]?.body.trimEnd().endsWith(MARKER)).toBe(true);
    // blocked by min_new_coverage 60: the verdict step fails
    expect(verdict).toMatchObject({ code: 1 });
    expect(verdict?.stdout).toContain('empathy: release blocked');

    // a second run updates the same comment in place
    requests.length = 0;
    const again = await runAction({ gates: '{"min_coverage": 10, "min_new_coverage": 50}', formats: 'sarif' }, env, 'pull_request');
    expect(again.map((s) => s.code)).toEqual([0, 0, 0, 0, 0]);
    expect(byId(again)['comment']?.stdout).toContain('empathy: pull-request comment updated (101)');
    expect(requests.map((r) => r.method)).toEqual(['GET', 'PATCH']);
    expect(comments).toHaveLength(2);
    expect(comments[1]?.body).toContain('| New Code Coverage | ✅ pass | 50 | 50 |');
  });

  it('a read-only token (a pull request from a fork) warns and does not fail; a push event has no comment step', async () => {
    readOnly = true;
    try {
      const runs = await runAction({ gates: '{"min_coverage": 10, "min_new_coverage": 0}', formats: '' }, env, 'pull_request');
      expect(runs.map((s) => s.code)).toEqual([0, 0, 0, 0, 0]);
      expect(byId(runs)['comment']?.stdout).toContain('::warning title=empathy::pull-request comment not written (HTTP 403');
    } finally {
      readOnly = false;
    }
    const push = await runAction({ gates: '{"min_coverage": 10}', base: 'main', 'fail-on-blocked': 'false', args: '--no-learn --no-history' }, env, 'push');
    expect(push.map((s) => [s.id, s.skipped])).toEqual([
      ['history-restore', false],
      ['run', false],
      ['history-save', false],
      ['comment', true],
      ['verdict', false],
    ]);
  });

  it('keeps the run history between workflow runs with actions/cache: the second run draws both runs', async () => {
    const job = (runId: string, inputs: Record<string, string>) => {
      // each workflow run is a new machine: an empty runner temp and an empty data directory
      const dir = path.join(scratch, `job-${runId}`);
      mkdirSync(path.join(dir, 'temp'), { recursive: true });
      const jobEnv = { ...env, RUNNER_TEMP: path.join(dir, 'temp'), EMPATHY_DATA_DIR: path.join(dir, 'data') };
      const gates = '{"min_coverage": 10, "min_new_coverage": 0}';
      return runAction({ gates, formats: 'html', comment: 'false', ...inputs }, jobEnv, 'pull_request', { run_id: runId, run_attempt: '1' }).then(
        (runs) => ({ runs, env: jobEnv, dir }),
      );
    };
    const runsDrawn = (jobEnv: Record<string, string>) =>
      Number(/<span data-figure="runs">(\d+)<\/span>/.exec(readFileSync(path.join(jobEnv['RUNNER_TEMP']!, 'empathy', 'release-prep.html'), 'utf8'))?.[1]);
    const keys = () => cacheEntries().map((e) => e.key).filter((k) => k.startsWith('trend-'));

    const first = await job('801', { 'history-key': 'trend' });
    expect(first.runs.map((s) => s.code)).toEqual([0, 0, 0, 0, 0]);
    expect(byId(first.runs)['history-restore']?.stdout).toContain('Cache not found');
    expect(runsDrawn(first.env)).toBe(1);
    expect(keys()).toEqual(['trend-801-1']);
    // the record went to the cached directory, not to the data directory
    expect(readdirSync(path.join(first.env['RUNNER_TEMP']!, 'empathy-history'))).toHaveLength(1);
    expect(existsSync(path.join(first.dir, 'data', 'history'))).toBe(false);

    const second = await job('802', { 'history-key': 'trend' });
    expect(byId(second.runs)['history-restore']?.stdout).toContain('Cache restored from key: trend-801-1');
    expect(runsDrawn(second.env)).toBe(2);
    expect(keys()).toEqual(['trend-801-1', 'trend-802-1']);

    // history 'false': no cache step, no cache entry; the record stays in the data directory
    const off = await job('803', { 'history-key': 'trend', history: 'false' });
    expect(off.runs.map((s) => [s.id, s.skipped])).toEqual([
      ['history-restore', true],
      ['run', false],
      ['history-save', true],
      ['comment', true],
      ['verdict', false],
    ]);
    expect(runsDrawn(off.env)).toBe(1);
    expect(keys()).toEqual(['trend-801-1', 'trend-802-1']);
    expect(readdirSync(path.join(off.dir, 'data', 'history'))).toHaveLength(1);
  }, 480_000);

  it('bad gates input: one ::error line and exit 2', async () => {
    const runs = await runAction({ gates: '[1,2]' }, env, 'pull_request');
    expect(byId(runs)['run']?.code).toBe(2);
    expect(byId(runs)['run']?.stdout).toContain('::error title=empathy::input gates is not a JSON object: [1,2]');
    // after the failure only the history's save step (if: always()) runs
    expect(runs.map((s) => [s.id, s.skipped])).toEqual([
      ['history-restore', false],
      ['run', false],
      ['history-save', false],
      ['comment', true],
      ['verdict', true],
    ]);
  });
});
