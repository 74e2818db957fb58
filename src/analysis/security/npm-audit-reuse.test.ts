import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CacheKey, ResultCache } from '../../project/types.js';
import { computeFigures } from './figures.js';
import { revalidatedNpmAudit, type RevalidatedNpmAuditOptions } from './npm-audit-reuse.js';

const fixtures = path.resolve(import.meta.dirname, '../../../test/fixtures');
const temp = mkdtempSync(path.join(os.tmpdir(), 'empathy-audit-reuse-'));
const runs = path.join(temp, 'npm-runs.log');

/** A fake npm laid out as npm is (bin/npm-cli.js beside npm's package.json): logs each start, prints a recorded answer. */
function fakeNpm(name: string, answer: string): string {
  const dir = path.join(temp, name, 'lib', 'node_modules', 'npm');
  mkdirSync(path.join(dir, 'bin'), { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'npm', version: '11.19.1' }));
  const script = path.join(dir, 'bin', 'npm-cli.js');
  writeFileSync(script, `#!/bin/sh\necho "$*" >> '${runs}'\ncat '${path.join(fixtures, 'sec-npm', answer)}'\nexit 1\n`);
  chmodSync(script, 0o755);
  symlinkSync(script, path.join(temp, name, 'npm'));
  return path.join(temp, name, 'npm');
}

/** The loopback registry: answers the bulk endpoint with `registry.status` and `registry.answer`, records each body. */
const registry = { status: 200, answer: '{}', bodies: [] as unknown[], encodings: [] as (string | undefined)[] };
const server = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    if (request.method !== 'POST' || request.url !== '/-/npm/v1/security/advisories/bulk') {
      response.writeHead(404).end();
      return;
    }
    registry.encodings.push(request.headers['content-encoding']);
    registry.bodies.push(JSON.parse(gunzipSync(Buffer.concat(chunks)).toString('utf8')));
    response.writeHead(registry.status, { 'content-type': 'application/json' }).end(registry.answer);
  });
});

const lodashAdvisory = {
  lodash: [
    { id: 1106913, url: 'https://github.com/advisories/GHSA-35jh-r3h4-6jhm', title: 'Command Injection in lodash', severity: 'high', vulnerable_versions: '<4.17.21' },
  ],
};

function memoryCache(): ResultCache {
  const entries = new Map<string, unknown>();
  return {
    get: async <T>(key: CacheKey) => entries.get(JSON.stringify(key)) as T | undefined,
    set: async <T>(key: CacheKey, value: T) => void entries.set(JSON.stringify(key), value),
  };
}

let npm: string;
let npm405: string;
let root: string;
let registryUrl: string;
let index: { root: string; cache: ResultCache | null };
const npmRuns = () => readFileSync(runs, 'utf8').split('\n').filter(Boolean).length;
const options = (extra: Partial<RevalidatedNpmAuditOptions> = {}): RevalidatedNpmAuditOptions => ({
  command: npm,
  timeoutMs: 10_000,
  registry: registryUrl,
  env: { PREFIX: temp, npm_config_registry: registryUrl },
  home: temp,
  ...extra,
});

beforeAll(async () => {
  npm = fakeNpm('npm-report', 'audit-v2-insecure-app.json');
  npm405 = fakeNpm('npm-405', 'audit-405.json');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  registryUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(temp, { recursive: true, force: true });
});
beforeEach(() => {
  writeFileSync(runs, '');
  Object.assign(registry, { status: 200, answer: JSON.stringify(lodashAdvisory), bodies: [], encodings: [] });
  root = mkdtempSync(path.join(temp, 'app-'));
  cpSync(path.join(fixtures, 'insecure-app', 'package.json'), path.join(root, 'package.json'));
  cpSync(path.join(fixtures, 'insecure-app', 'package-lock.json'), path.join(root, 'package-lock.json'));
  index = { root, cache: memoryCache() };
});

describe('revalidatedNpmAudit (loopback registry, fake npm)', () => {
  it('same advisories: the stored report is reused and npm is not started; it says so', async () => {
    const cold = await revalidatedNpmAudit(index, 'package-lock.json', options());
    const warm = await revalidatedNpmAudit(index, 'package-lock.json', options());
    expect(npmRuns()).toBe(1);
    expect(cold.state).toBe('ok');
    expect(cold.revalidated).toBeUndefined();
    const { revalidated, ...rest } = warm;
    expect(rest).toEqual(cold);
    expect(revalidated?.advisoriesCheckedAt).toMatch(/^\d{4}-/);
    expect(computeFigures({ findings: [], codeScanComplete: true, audit: warm, toolsRan: [], filesNotParsed: 0, warnings: [] })
      .dependency_audit_reused).toEqual({ advisories_checked_at: revalidated?.advisoriesCheckedAt, npm_audit_at: revalidated?.npmAuditAt });
    // npm's own request: the lock file's packages, gzipped JSON.
    expect(registry.bodies).toEqual([{ lodash: ['4.17.20'] }, { lodash: ['4.17.20'] }]);
    expect(registry.encodings).toEqual(['gzip', 'gzip']);
  });

  it('changed advisories: npm audit runs again', async () => {
    await revalidatedNpmAudit(index, 'package-lock.json', options());
    registry.answer = JSON.stringify({ lodash: [...lodashAdvisory.lodash, { ...lodashAdvisory.lodash[0], id: 2, title: 'new' }] });
    const again = await revalidatedNpmAudit(index, 'package-lock.json', options());
    expect(npmRuns()).toBe(2);
    expect(again.revalidated).toBeUndefined();
  });

  it('the same answer in another key order is the same fingerprint', async () => {
    await revalidatedNpmAudit(index, 'package-lock.json', options());
    const [first] = lodashAdvisory.lodash;
    registry.answer = JSON.stringify({ lodash: [Object.fromEntries(Object.entries(first!).reverse())] });
    await revalidatedNpmAudit(index, 'package-lock.json', options());
    expect(npmRuns()).toBe(1);
  });

  it('a changed lock file or package.json: npm audit runs again', async () => {
    await revalidatedNpmAudit(index, 'package-lock.json', options());
    writeFileSync(path.join(root, 'package-lock.json'), readFileSync(path.join(root, 'package-lock.json'), 'utf8') + '\n');
    await revalidatedNpmAudit(index, 'package-lock.json', options());
    expect(npmRuns()).toBe(2);
    writeFileSync(path.join(root, 'package.json'), readFileSync(path.join(root, 'package.json'), 'utf8') + '\n');
    await revalidatedNpmAudit(index, 'package-lock.json', options());
    expect(npmRuns()).toBe(3);
  });

  it('a registry error, a non-JSON answer or no registry: never reused, npm audit runs', async () => {
    await revalidatedNpmAudit(index, 'package-lock.json', options());
    registry.status = 500;
    await revalidatedNpmAudit(index, 'package-lock.json', options());
    registry.status = 200;
    registry.answer = 'not json';
    await revalidatedNpmAudit(index, 'package-lock.json', options());
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const gone = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
    await new Promise((resolve) => closed.close(resolve));
    await revalidatedNpmAudit(index, 'package-lock.json', options({ registry: gone, env: { PREFIX: temp, npm_config_registry: gone } }));
    expect(npmRuns()).toBe(4);
  });

  it('a registry other than the one asked, or a proxy: plain npm audit, no request of ours', async () => {
    const other = options({ env: { PREFIX: temp, npm_config_registry: 'https://mirror.example/' } });
    await revalidatedNpmAudit(index, 'package-lock.json', other);
    await revalidatedNpmAudit(index, 'package-lock.json', other);
    const proxied = options({ env: { PREFIX: temp, npm_config_registry: registryUrl, HTTPS_PROXY: 'http://127.0.0.1:9' } });
    await revalidatedNpmAudit(index, 'package-lock.json', proxied);
    await revalidatedNpmAudit(index, 'package-lock.json', proxied);
    expect(npmRuns()).toBe(4);
    expect(registry.bodies).toEqual([]);
  });

  it('both lock files (npm reads npm-shrinkwrap.json): plain npm audit', async () => {
    cpSync(path.join(root, 'package-lock.json'), path.join(root, 'npm-shrinkwrap.json'));
    await revalidatedNpmAudit(index, 'package-lock.json', options());
    await revalidatedNpmAudit(index, 'package-lock.json', options());
    expect(npmRuns()).toBe(2);
    expect(registry.bodies).toEqual([]);
  });

  it('--no-cache: npm audit every time, no request of ours', async () => {
    const uncached = { root, cache: null };
    await revalidatedNpmAudit(uncached, 'package-lock.json', options());
    await revalidatedNpmAudit(uncached, 'package-lock.json', options());
    expect(npmRuns()).toBe(2);
    expect(registry.bodies).toEqual([]);
  });

  it('a registry that refuses the endpoint: npm\'s "unavailable" reused while the same refusal comes back, never a zero', async () => {
    registry.status = 405;
    registry.answer = '';
    const cold = await revalidatedNpmAudit(index, 'package-lock.json', options({ command: npm405 }));
    const warm = await revalidatedNpmAudit(index, 'package-lock.json', options({ command: npm405 }));
    expect(cold).toMatchObject({ state: 'unavailable', registryStatus: 405, vulnerablePackages: null });
    expect(cold.reason).toContain('405 Method Not Allowed');
    const { revalidated, ...rest } = warm;
    expect(rest).toEqual(cold);
    expect(revalidated).toBeDefined();
    expect(npmRuns()).toBe(1);
    // Another refusal (or the same status with another body), then the registry answering: npm audit each time.
    registry.status = 403;
    await revalidatedNpmAudit(index, 'package-lock.json', options({ command: npm405 }));
    registry.status = 405;
    registry.answer = 'moved';
    await revalidatedNpmAudit(index, 'package-lock.json', options({ command: npm405 }));
    registry.status = 200;
    registry.answer = JSON.stringify(lodashAdvisory);
    const answered = await revalidatedNpmAudit(index, 'package-lock.json', options());
    expect(answered).toMatchObject({ state: 'ok', vulnerablePackages: 1 });
    expect(npmRuns()).toBe(4);
  });

  it('a refusal npm audit did not report as one (npm answered, or another status) is not stored', async () => {
    registry.status = 405;
    registry.answer = '';
    await revalidatedNpmAudit(index, 'package-lock.json', options());
    await revalidatedNpmAudit(index, 'package-lock.json', options());
    registry.status = 403;
    await revalidatedNpmAudit(index, 'package-lock.json', options({ command: npm405 }));
    await revalidatedNpmAudit(index, 'package-lock.json', options({ command: npm405 }));
    expect(npmRuns()).toBe(4);
  });

  it('a stored report older than a day is not reused', async () => {
    const start = Date.now();
    await revalidatedNpmAudit(index, 'package-lock.json', options({ now: () => start }));
    await revalidatedNpmAudit(index, 'package-lock.json', options({ now: () => start + 25 * 3600 * 1000 }));
    expect(npmRuns()).toBe(2);
  });
});
