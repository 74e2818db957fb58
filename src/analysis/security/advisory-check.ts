/**
 * Revalidating `npm audit` instead of re-running it. npm audit (npm 11, arborist 9) reads the
 * lock file (`loadVirtual`, `@npmcli/arborist/lib/arborist/index.js` `audit()`), POSTs one
 * gzipped JSON body `{name: [versions]}` to `<registry>/-/npm/v1/security/advisories/bulk`
 * (`lib/audit-report.js` `#getReport`, `prepareBulkData`, `shouldAudit`), and computes its report
 * from that answer plus the registry's packuments (`@npmcli/metavuln-calculator`). Starting npm
 * costs 0.4-1.3 s of CPU (bench/npm-audit.ts; luxon's lock file: 1.3 s against a loopback
 * registry); the same bulk request made by us costs a few milliseconds.
 *
 * So on every run we ask the bulk endpoint ourselves, fresh, with exactly npm's body
 * ({@link bulkAuditPayload}), and reuse the last npm audit report only when everything local that
 * determines it is unchanged (lock file, package.json, npm version, npm config: the cache key)
 * AND the advisories answer is the same after canonical ordering of its keys (its fingerprint).
 * Anything else runs npm audit as before: no cache (`--no-cache`), a check that failed (no
 * answer, an error, not 200, not JSON), a changed answer, or a setup where our request could
 * differ from npm's ({@link npmConfigProblem}). (A refusal of the endpoint is revalidated too:
 * `npm-audit-reuse.ts`.)
 *
 * What the packuments can still change while the advisories do not (metavuln-calculator
 * `advisory.js`: a dependent is "vulnerable through" a package when every published version its
 * range admits is vulnerable; `audit-report.js` `#fixAvailable` picks a non-vulnerable version
 * from the packument): a newly published version can only clear a "vulnerable through" finding,
 * turn "fix available" on, or change the version range printed in a finding (npm simplifies
 * ranges over the published versions); it cannot add a finding. An unpublished version (npm
 * allows it within 72 hours) can do the reverse. A reused report is therefore at most
 * {@link REUSE_MAX_AGE_MS} old: after that npm audit runs again.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { errorMessage } from '../../errors.js';

/** npm's default registry: the only one our own advisory request is made to. */
export const NPM_DEFAULT_REGISTRY = 'https://registry.npmjs.org/';

/** How long a stored npm audit report may be reused (packuments can change, see the module comment). */
export const REUSE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** The bulk advisory request's body: package name -> the versions npm would ask about. */
export type BulkPayload = Record<string, string[]>;

interface LockEntry {
  version?: unknown;
  name?: unknown;
  link?: unknown;
  resolved?: unknown;
}

/**
 * The body npm audit sends for a lock file (v2 or v3), as arborist's `prepareBulkData` builds it
 * from the virtual tree: every entry of `packages` except the root and entries without a
 * version, under its package name (the lock's `name` for an alias, else the folder name),
 * versions de-duplicated in lock order. Returns the reason instead when the lock cannot be read
 * that way (v1, not JSON) or holds a link (a workspace or `file:` folder: npm leaves the link and
 * its target out, but reads the target's package.json, which is in no key of ours).
 *
 * @example
 * bulkAuditPayload('{"lockfileVersion":3,"packages":{"":{},"node_modules/a":{"version":"1.0.0"}}}');
 * // { payload: { a: ['1.0.0'] } }
 */
export function bulkAuditPayload(lockText: string): { payload: BulkPayload } | { reason: string } {
  let lock: { lockfileVersion?: unknown; packages?: unknown };
  try {
    lock = JSON.parse(lockText) as typeof lock;
  } catch {
    return { reason: 'the lock file is not JSON' };
  }
  if ((lock.lockfileVersion !== 2 && lock.lockfileVersion !== 3) || typeof lock.packages !== 'object' || lock.packages === null) {
    return { reason: `lockfileVersion ${String(lock.lockfileVersion)} (only 2 and 3 are read)` };
  }
  const payload: BulkPayload = {};
  for (const [location, entry] of Object.entries(lock.packages as Record<string, LockEntry>)) {
    if (entry.link === true) return { reason: `"${location}" is a link to ${String(entry.resolved)}` };
    if (location === '' || typeof entry.version !== 'string' || entry.version === '') continue;
    if (!location.includes('node_modules/')) return { reason: `lock entry "${location}" is outside node_modules` };
    const name = typeof entry.name === 'string' ? entry.name : location.slice(location.lastIndexOf('node_modules/') + 13);
    const versions = (payload[name] ??= []);
    if (!versions.includes(entry.version)) versions.push(entry.version);
  }
  return { payload };
}

/**
 * npm settings that change nothing npm audit asks or reports (display, saving, scripts, init,
 * publishing, retries, where files live). Any other setting makes us run plain npm audit.
 */
const HARMLESS_CONFIG = new Set([
  'audit', 'fund', 'update-notifier', 'loglevel', 'progress', 'color', 'unicode', 'logs-max', 'logs-dir',
  'timing', 'save', 'save-exact', 'save-prefix', 'engine-strict', 'ignore-scripts', 'foreground-scripts',
  'script-shell', 'init-module', 'init-author-name', 'init-author-email', 'init-author-url', 'init-license',
  'init-version', 'sign-git-tag', 'sign-git-commit', 'git-tag-version', 'tag-version-prefix', 'message',
  'access', 'provenance', 'email', 'nodedir', 'node-gyp', 'python', 'yes', 'omit-lockfile-registry-resolved',
  'lockfile-version', 'legacy-peer-deps', 'strict-peer-deps', 'fetch-retries', 'fetch-retry-factor',
  'fetch-retry-mintimeout', 'fetch-retry-maxtimeout', 'fetch-timeout', 'cache', 'prefix', 'global-prefix',
  'local-prefix', 'user-agent', 'npm-version', 'node-version', 'userconfig', 'globalconfig', 'editor',
  'browser', 'noproxy', 'offline', 'allow-scripts',
]);

/** Per-host settings of the default registry that leave its public advisory answer unchanged (npm sends the token; we do not). */
const HARMLESS_HOST_SETTING = /^\/\/registry\.npmjs\.org\/:(_authToken|_auth|_password|username|email|always-auth)$/;

/** Where npm reads its settings, and what the check found there. */
export interface NpmConfigSources {
  /** The environment npm would run with (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** The user's home (default `os.homedir()`). */
  home?: string;
  /** npm's own folder (its builtin `npmrc`), when known. */
  npmDir?: string | null;
  /** The registry our request goes to; npm's configured one must be the same. */
  registry?: string;
}

/** The outcome of {@link npmConfigProblem} when npm's request can be made by us. */
export interface NpmAuditConfig {
  /** The CA bundle npm would trust (`cafile`), null for Node's default. */
  ca: string | null;
  /** The settings read (file -> text, env -> value): part of the cache key. */
  settings: Record<string, string>;
}

function parseNpmrc(text: string): [string, string][] | string {
  const out: [string, string][] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const eq = line.indexOf('=');
    if (line.startsWith('[') || eq <= 0) return `cannot read the line "${line.slice(0, 40)}"`;
    out.push([line.slice(0, eq).trim(), line.slice(eq + 1).trim().replace(/^(["'])(.*)\1$/, '$2')]);
  }
  return out;
}

/**
 * Why our own advisory request could differ from the one npm audit makes in `root`, or null
 * together with what npm's request needs (its CA bundle) and the settings read. Falls back on:
 * a registry other than `sources.registry` (env `npm_config_registry`, project/user/global/builtin
 * npmrc), any scoped registry, a `cafile`, `userconfig`, `globalconfig` or `prefix` set by the
 * repository's own `.npmrc`, a proxy (`HTTP(S)_PROXY` env, `proxy`/`https-proxy` config), `ca`,
 * client certificates or `strict-ssl=false`, `omit`/`include`/`production`/`package-lock` style
 * settings or `NODE_ENV=production` (they change the tree or the report), workspaces (in
 * package.json or a parent's), a setting in `${VAR}` form, and any setting not known harmless.
 *
 * @example
 * npmConfigProblem('/repo', { env: { HTTPS_PROXY: 'http://proxy:3128' } });
 * // { problem: 'a proxy is set (HTTPS_PROXY)' }
 */
export function npmConfigProblem(
  root: string,
  sources: NpmConfigSources = {},
): { problem: string } | { config: NpmAuditConfig } {
  const env = sources.env ?? process.env;
  const registry = sources.registry ?? NPM_DEFAULT_REGISTRY;
  const home = sources.home ?? os.homedir();
  const settings: Record<string, string> = {};
  for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) {
    if (env[name]) return { problem: `a proxy is set (${name})` };
  }
  if (env['NODE_ENV'] === 'production') return { problem: 'NODE_ENV=production makes npm omit dev dependencies' };

  // npm's sources (@npmcli/config load()): builtin, environment, project, user, global; a value
  // is taken from the first of environment, project, user, global, builtin that sets it.
  type Source = { where: string; values: Map<string, string> };
  const fromEnv: Source = { where: 'environment', values: new Map() };
  for (const [name, value] of Object.entries(env)) {
    if (!/^npm_config_/i.test(name) || !value) continue;
    const key = name.slice(11);
    fromEnv.values.set(key.startsWith('//') ? key : key.replace(/(?!^)_/g, '-').toLowerCase(), value);
    settings[`env:${key}`] = value;
  }
  const readNpmrc = (file: string | undefined): Source | string | null => {
    if (file === undefined || !existsSync(file)) return null;
    try {
      const text = readFileSync(file, 'utf8');
      settings[file] = text;
      const parsed = parseNpmrc(text);
      return typeof parsed === 'string' ? `${file}: ${parsed}` : { where: file, values: new Map(parsed) };
    } catch (error) {
      return `cannot read ${file}: ${errorMessage(error)}`;
    }
  };
  const lookup = (key: string, order: readonly (Source | null)[]) =>
    order.map((s) => s?.values.get(key)).find((v) => v !== undefined);
  const resolvePath = (file: string) => (file.startsWith('~/') ? path.join(home, file.slice(2)) : path.resolve(root, file));
  const builtin = readNpmrc(sources.npmDir ? path.join(sources.npmDir, 'npmrc') : undefined);
  if (typeof builtin === 'string') return { problem: builtin };
  const projectNpmrc = path.join(root, '.npmrc');
  // The project's npmrc is skipped when it is the user's; it may move the user's, which may move the global one.
  const userBefore = resolvePath(lookup('userconfig', [fromEnv, builtin]) ?? path.join(home, '.npmrc'));
  const project = projectNpmrc === userBefore ? null : readNpmrc(projectNpmrc);
  if (typeof project === 'string') return { problem: project };
  // Files the repository names are not read by us (npm would read them as its config or CA bundle).
  const named = ['userconfig', 'globalconfig', 'prefix', 'cafile'].find((key) => project?.values.has(key));
  if (named) return { problem: `${projectNpmrc}: the repository's npmrc sets "${named}"` };
  const user = readNpmrc(resolvePath(lookup('userconfig', [fromEnv, project, builtin]) ?? path.join(home, '.npmrc')));
  if (typeof user === 'string') return { problem: user };
  const before = [fromEnv, project, user, builtin];
  const defaultPrefix = env['PREFIX'] ?? path.join(env['DESTDIR'] ?? '/', path.dirname(path.dirname(process.execPath)));
  const globalFile = lookup('globalconfig', before) ?? path.join(lookup('prefix', before) ?? defaultPrefix, 'etc', 'npmrc');
  const global = readNpmrc(resolvePath(globalFile));
  if (typeof global === 'string') return { problem: global };
  const loaded = [fromEnv, project, user, global, builtin].filter((s): s is Source => s !== null);

  for (const source of loaded) {
    for (const [key, value] of source.values) {
      const where = source.where;
      if (value.includes('${')) return { problem: `${where}: "${key}" uses an environment variable` };
      if (key.startsWith('//')) {
        if (HARMLESS_HOST_SETTING.test(key)) continue;
        return { problem: `${where}: per-host setting "${key}"` };
      }
      if (/^@[^:]+:registry$/.test(key)) return { problem: `${where}: scoped registry "${key}"` };
      if (key !== 'registry' && key !== 'cafile' && key !== 'strict-ssl' && !HARMLESS_CONFIG.has(key))
        return { problem: `${where}: npm setting "${key}" may change the audit` };
    }
  }
  const where = (key: string) => loaded.find((s) => s.values.has(key))?.where ?? '';
  const registryValue = lookup('registry', loaded) ?? registry;
  if (registryValue.replace(/\/?$/, '/') !== registry) return { problem: `${where('registry')}: registry ${registryValue}` };
  const strictSsl = lookup('strict-ssl', loaded);
  if (strictSsl !== undefined && strictSsl !== 'true') return { problem: `${where('strict-ssl')}: strict-ssl=${strictSsl}` };
  const workspaces = workspacesAbove(root);
  if (workspaces) return { problem: workspaces };
  let ca: string | null = null;
  const cafile = lookup('cafile', loaded);
  if (cafile !== undefined) {
    try {
      ca = readFileSync(resolvePath(cafile), 'utf8');
    } catch (error) {
      return { problem: `${where('cafile')}: cafile ${cafile}: ${errorMessage(error)}` };
    }
  }
  return { config: { ca, settings } };
}

/** A reason when `root` or a folder above it declares npm workspaces, else null. */
function workspacesAbove(root: string): string | null {
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    try {
      if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { workspaces?: unknown }).workspaces !== undefined) {
        return `${file} declares workspaces`;
      }
    } catch {
      if (dir === path.resolve(root)) return `${file} is not JSON`;
    }
    if (path.dirname(dir) === dir) return null;
  }
}

/** JSON with object keys sorted, so that the fingerprint ignores the answer's key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Outcome of {@link checkAdvisories}. */
export type AdvisoryCheck =
  | { ok: true; fingerprint: string; checkedAt: string }
  | {
      ok: false;
      reason: string;
      /** The HTTP status of an answer that was not a 200 with a JSON object, null without an answer. */
      status: number | null;
      /** For an answer other than 200: its status and a SHA-256 of its body, the same for the same refusal. */
      refusal?: string;
      checkedAt: string;
    };

/** Options of {@link checkAdvisories}. */
export interface CheckAdvisoriesOptions {
  /** Registry base URL (default {@link NPM_DEFAULT_REGISTRY}). */
  registry?: string;
  /** CA bundle to trust instead of Node's (npm's `cafile`). */
  ca?: string | null;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * POSTs `payload` to the registry's bulk advisory endpoint as npm does (gzipped JSON) and
 * returns a fingerprint of the answer (SHA-256 of its canonical JSON) when it is a 200 with a
 * JSON object; otherwise why not, with a fingerprint of a refusal (an answer other than 200).
 * Never throws (an abort is reported as a failed check).
 *
 * @example
 * const check = await checkAdvisories({ lodash: ['4.17.15'] }, { timeoutMs: 15_000 });
 * if (check.ok) check.fingerprint; // 'sha256 hex'
 */
export function checkAdvisories(payload: BulkPayload, options: CheckAdvisoriesOptions): Promise<AdvisoryCheck> {
  const url = new URL('-/npm/v1/security/advisories/bulk', options.registry ?? NPM_DEFAULT_REGISTRY);
  const body = gzipSync(JSON.stringify(payload));
  const checkedAt = new Date().toISOString();
  return new Promise((resolve) => {
    const fail = (reason: string, status: number | null = null, refusal?: string) =>
      resolve({ ok: false, reason, status, checkedAt, ...(refusal ? { refusal } : {}) });
    const request = (url.protocol === 'https:' ? https : http).request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': body.length, accept: 'application/json' },
        timeout: options.timeoutMs,
        signal: options.signal,
        ...(options.ca ? { ca: options.ca } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => fail(errorMessage(error)));
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (status !== 200) {
            const digest = createHash('sha256').update(Buffer.concat(chunks)).digest('hex');
            return fail(`HTTP ${status} from ${url.href}`, status, `HTTP ${status} ${digest}`);
          }
          try {
            const json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
            if (json === null || typeof json !== 'object' || Array.isArray(json)) return fail('the answer is not a JSON object', status);
            resolve({ ok: true, fingerprint: createHash('sha256').update(canonical(json)).digest('hex'), checkedAt });
          } catch {
            fail('the answer is not JSON', status);
          }
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on('error', (error) => fail(errorMessage(error)));
    request.end(body);
  });
}
