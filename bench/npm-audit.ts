/**
 * The dependency audit revalidated instead of re-run (`src/analysis/security/npm-audit-reuse.ts`),
 * on real lock files. Usage:
 *
 *   npx tsx bench/npm-audit.ts --projects DIR[,DIR...] [--rounds 3]
 *
 * Each DIR holds a package.json and a package-lock.json. The registry of this build machine
 * refuses the bulk advisory endpoint (405), so npm and our check both ask a loopback registry
 * started here: the bulk endpoint answers with the advisories of bench/npm-audit-advisories.json
 * for the names asked; every other request (npm's packuments) is redirected to the npm registry.
 * Per project:
 * 1. npm's own bulk request body (recorded by the loopback registry) against ours from the lock;
 * 2. a fresh `npm audit --json` (the reference), then our revalidated audit cold (npm runs) and
 *    warm (reused, npm not started): its findings against the reference;
 * 3. one more advisory served: npm audit must run again and match a fresh npm audit; the lock
 *    file touched (a newline added, then restored): npm audit must run again;
 * 4. `--rounds` interleaved rounds of wall and CPU: `npm audit` and the warm revalidated audit
 *    against the loopback registry, and `npm audit` and our bulk request alone against the real
 *    registry (both get its 405: a new TLS connection, request and answer, or npm's start-up and the
 *    same).
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import type { CacheKey, ResultCache } from '../src/project/types.js';
import { bulkAuditPayload, checkAdvisories, NPM_DEFAULT_REGISTRY } from '../src/analysis/security/advisory-check.js';
import { NPM_AUDIT_ARGS, parseNpmAudit } from '../src/analysis/security/npm-audit.js';
import { revalidatedNpmAudit } from '../src/analysis/security/npm-audit-reuse.js';
import { BENCH_DIR, cpuSeconds, flag, loadAverage, machineLine, parseFlags } from './corpus.js';
import { median } from './stats.js';

const flags = parseFlags(process.argv.slice(2));
const projects = (flag(flags, 'projects') ?? '').split(',').filter(Boolean).map((p) => path.resolve(p));
const rounds = Number(flag(flags, 'rounds') ?? 3);
if (projects.length === 0 || !Number.isInteger(rounds) || rounds < 1) {
  console.error('usage: npx tsx bench/npm-audit.ts --projects DIR[,DIR...] [--rounds N]');
  process.exit(2);
}

type Advisories = Record<string, unknown[]>;
const database = JSON.parse(readFileSync(path.join(BENCH_DIR, 'npm-audit-advisories.json'), 'utf8')) as Advisories;
delete database['//'];
let extra: Advisories = {};
const npmBodies: unknown[] = [];

const server = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    if (request.method === 'POST' && request.url === '/-/npm/v1/security/advisories/bulk') {
      const raw = Buffer.concat(chunks);
      const body = JSON.parse((request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8')) as Record<string, string[]>;
      if (request.headers['npm-command'] === 'audit') npmBodies.push(body);
      const answer: Advisories = {};
      for (const name of Object.keys(body)) {
        const found = [...(database[name] ?? []), ...(extra[name] ?? [])];
        if (found.length) answer[name] = found;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      return;
    }
    response.writeHead(302, { location: new URL(request.url ?? '/', NPM_DEFAULT_REGISTRY).href }).end();
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
process.env['npm_config_registry'] = registry;

function memoryCache(): ResultCache {
  const entries = new Map<string, unknown>();
  return {
    get: async <T>(key: CacheKey) => structuredClone(entries.get(JSON.stringify(key))) as T | undefined,
    set: async <T>(key: CacheKey, value: T) => void entries.set(JSON.stringify(key), structuredClone(value)),
  };
}

/** `npm audit` as runNpmAudit starts it, against `registryUrl`: wall, CPU and its findings. */
async function npmAudit(root: string, registryUrl: string) {
  const before = cpuSeconds();
  const started = performance.now();
  // Started asynchronously: the loopback registry answering it lives in this process.
  const child = spawn('npm', [...NPM_AUDIT_ARGS], { cwd: root, env: { ...process.env, npm_config_registry: registryUrl }, stdio: ['ignore', 'pipe', 'ignore'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  await new Promise((resolve) => child.on('close', resolve));
  const r = { stdout };
  const wall = (performance.now() - started) / 1000;
  const cpu = (cpuSeconds().children ?? NaN) - (before.children ?? NaN);
  return { wall, cpu, parsed: parseNpmAudit(r.stdout) };
}

const sorted = (payload: Record<string, string[]>) =>
  JSON.stringify(Object.entries(payload).map(([n, v]) => [n, [...v].sort()]).sort(([a], [b]) => String(a).localeCompare(String(b))));
const findingsOf = (parsed: ReturnType<typeof parseNpmAudit>) => (parsed.ok ? JSON.stringify(parsed.findings) : `unavailable: ${parsed.reason}`);
const yes = (ok: boolean) => (ok ? 'yes' : 'NO');

console.log(`# bench/npm-audit.ts: ${machineLine()}`);
console.log(`loopback registry ${registry} (advisories from bench/npm-audit-advisories.json, packuments redirected to ${NPM_DEFAULT_REGISTRY})\n`);
const timing: string[] = [];
for (const root of projects) {
  const name = path.basename(root);
  const lockFile = 'package-lock.json';
  const lockPath = path.join(root, lockFile);
  const lockText = readFileSync(lockPath, 'utf8');
  const ours = bulkAuditPayload(lockText);
  const options = { timeoutMs: 120_000, registry };
  const index = { root, cache: memoryCache() };
  extra = {};
  npmBodies.length = 0;
  const reference = await npmAudit(root, registry);
  const npmBody = npmBodies[0] as Record<string, string[]> | undefined;
  const samePayload = 'payload' in ours && npmBody !== undefined && sorted(ours.payload) === sorted(npmBody);
  const pairs = 'payload' in ours ? Object.values(ours.payload).flat().length : 0;
  const runsBefore = () => npmBodies.length;

  let n = runsBefore();
  await revalidatedNpmAudit(index, lockFile, options);
  const coldRan = runsBefore() > n;
  n = runsBefore();
  const warm = await revalidatedNpmAudit(index, lockFile, options);
  const warmReused = runsBefore() === n && warm.revalidated !== undefined;
  const warmSame = warm.state === 'ok' && reference.parsed.ok && JSON.stringify(warm.findings) === JSON.stringify(reference.parsed.findings);

  const [first] = Object.keys('payload' in ours ? ours.payload : {});
  extra = first ? { [first]: [{ id: 9_999_999, url: 'https://example.invalid/advisory', title: `bench advisory for ${first}`, severity: 'high', vulnerable_versions: '*' }] } : {};
  n = runsBefore();
  const changed = await revalidatedNpmAudit(index, lockFile, options);
  const changedRan = runsBefore() > n;
  const changedReference = (await npmAudit(root, registry)).parsed;
  const changedSame = changed.state === 'ok' && findingsOf(changedReference) === JSON.stringify(changed.findings);
  extra = {};
  await revalidatedNpmAudit(index, lockFile, options);
  appendFileSync(lockPath, '\n');
  n = runsBefore();
  try {
    await revalidatedNpmAudit(index, lockFile, options);
  } finally {
    writeFileSync(lockPath, lockText);
  }
  const lockRan = runsBefore() > n;

  console.log(`## ${name}: ${pairs} (name, version) pairs, ${reference.parsed.ok ? reference.parsed.vulnerablePackages : 'n/a'} vulnerable packages by npm audit`);
  console.log(`- our bulk body equals npm's: ${yes(samePayload)}`);
  console.log(`- cold: npm audit ran: ${yes(coldRan)}; warm: reused without starting npm: ${yes(warmReused)}, findings identical to a fresh npm audit: ${yes(warmSame)}`);
  console.log(`- one more advisory served: npm audit ran again: ${yes(changedRan)}, findings identical to a fresh npm audit: ${yes(changedSame)}`);
  console.log(`- lock file changed: npm audit ran again: ${yes(lockRan)}\n`);

  const rows: Record<string, { wall: number[]; cpu: number[] }> = {};
  const add = (what: string, wall: number, cpu: number) => {
    rows[what] ??= { wall: [], cpu: [] };
    rows[what].wall.push(wall);
    rows[what].cpu.push(cpu);
  };
  const loads: string[] = [];
  for (let round = 0; round < rounds; round += 1) {
    loads.push(loadAverage());
    const local = await npmAudit(root, registry);
    add('npm audit, loopback registry', local.wall, local.cpu);
    // A new connection for each request, as in a CLI run (Node 20's global agents keep connections alive).
    http.globalAgent.destroy();
    let before = cpuSeconds();
    let started = performance.now();
    await revalidatedNpmAudit(index, lockFile, options);
    add('revalidated (warm), loopback registry', (performance.now() - started) / 1000, cpuSeconds().self - before.self);
    const remote = await npmAudit(root, NPM_DEFAULT_REGISTRY);
    add('npm audit, real registry (405)', remote.wall, remote.cpu);
    https.globalAgent.destroy();
    before = cpuSeconds();
    started = performance.now();
    if ('payload' in ours) await checkAdvisories(ours.payload, { timeoutMs: 30_000 });
    add('our bulk request alone, real registry (405)', (performance.now() - started) / 1000, cpuSeconds().self - before.self);
  }
  timing.push(`### ${name} (${rounds} rounds, load ${loads.join(' | ')})`, '| run | wall median | CPU median |', '|---|---|---|');
  for (const [what, { wall, cpu }] of Object.entries(rows)) timing.push(`| ${what} | ${median(wall).toFixed(3)} s | ${median(cpu).toFixed(3)} s |`);
  timing.push('');
}
console.log(timing.join('\n'));
server.close();
