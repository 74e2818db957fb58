/**
 * `npm audit` through the result cache, revalidated on every run (see `advisory-check.ts`): the
 * last npm audit report is reused only when its key (lock file, package.json, npm version, npm
 * settings) matches and a fresh answer of the registry's bulk advisory endpoint to npm's own
 * request has the same fingerprint as when the report was made. Otherwise npm audit runs as
 * before; a report is stored only when both it and the check succeeded.
 *
 * One more case is reused: a registry that refuses the endpoint (this project's build machine
 * answers 405). When npm audit was unavailable because the registry answered status S, and our
 * request got S with the same body, that "unavailable" outcome is stored with the refusal's
 * fingerprint and reused while a fresh request gets the same refusal: never a zero, and the
 * first different answer (a 200 included) runs npm audit again. No answer at all, or a refusal
 * npm audit did not report with the same status, still runs npm audit every time.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CacheKey, ProjectIndex } from '../../project/types.js';
import {
  bulkAuditPayload,
  checkAdvisories,
  npmConfigProblem,
  NPM_DEFAULT_REGISTRY,
  REUSE_MAX_AGE_MS,
} from './advisory-check.js';
import { installedNpm, NPM_LOCK_FILES, runNpmAudit, type DependencyAudit, type RunNpmAuditOptions } from './npm-audit.js';

/** Bump when what is stored or how it is keyed changes. */
const REUSE_VERSION = '1';

/** Deadline of our own advisory request (at most the audit's): past it, npm audit runs as before. */
const CHECK_TIMEOUT_MS = 10_000;

interface StoredAudit {
  /** Fingerprint of the bulk advisory answer the report was made with (a 200, or a refusal). */
  fingerprint: string;
  /** When that npm audit ran (ISO). */
  auditedAt: string;
  audit: DependencyAudit;
}

/** Options of {@link revalidatedNpmAudit}. */
export interface RevalidatedNpmAuditOptions extends RunNpmAuditOptions {
  /** The registry asked (default npm's); npm's configured registry must be the same. */
  registry?: string;
  /** The environment npm runs with (default `process.env`); tests give their own. */
  env?: NodeJS.ProcessEnv;
  /** The user's home (default `os.homedir()`); tests give their own. */
  home?: string;
  /** The clock (default `Date.now`). */
  now?: () => number;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The dependency audit of `root`: the stored npm audit report when the registry's advisories for
 * the lock file are unchanged since it was made, otherwise a fresh `npm audit` (always without a
 * cache). A reused report carries `revalidated` (when the advisories were checked, when npm audit
 * ran); everything else in it is the stored report.
 *
 * @example
 * const audit = await revalidatedNpmAudit(index, 'package-lock.json', { timeoutMs: 120_000 });
 * audit.revalidated; // { advisoriesCheckedAt: '2026-...', npmAuditAt: '2026-...' } or undefined
 */
export async function revalidatedNpmAudit(
  index: Pick<ProjectIndex, 'root' | 'cache'>,
  lockFile: string,
  options: RevalidatedNpmAuditOptions,
): Promise<DependencyAudit> {
  const run = () => runNpmAudit(index.root, lockFile, options);
  const cache = index.cache;
  if (cache === null) return run();
  const command = options.command ?? 'npm';
  const npm = installedNpm(command);
  if (npm === null) return run();
  const registry = options.registry ?? NPM_DEFAULT_REGISTRY;
  // npm reads npm-shrinkwrap.json when both lock files are there.
  if (NPM_LOCK_FILES.filter((f) => existsSync(path.join(index.root, f))).length !== 1) return run();
  let lockText: string;
  let packageJson: string;
  try {
    lockText = readFileSync(path.join(index.root, lockFile), 'utf8');
    packageJson = readFileSync(path.join(index.root, 'package.json'), 'utf8');
  } catch {
    return run();
  }
  const setup = npmConfigProblem(index.root, { env: options.env, home: options.home, npmDir: npm.dir, registry });
  if ('problem' in setup) return run();
  const body = bulkAuditPayload(lockText);
  if (!('payload' in body) || Object.keys(body.payload).length === 0) return run();

  const key: CacheKey = {
    analyzer: 'security-npm-audit',
    version: REUSE_VERSION,
    options: { npmVersion: npm.version, registry, settings: sha256(JSON.stringify(setup.config.settings)) },
    inputs: { [lockFile]: sha256(lockText), 'package.json': sha256(packageJson) },
  };
  const [check, stored] = await Promise.all([
    checkAdvisories(body.payload, { registry, ca: setup.config.ca, timeoutMs: Math.min(options.timeoutMs, CHECK_TIMEOUT_MS), signal: options.signal }),
    cache.get<StoredAudit>(key),
  ]);
  options.signal?.throwIfAborted();
  const now = options.now ?? Date.now;
  const fingerprint = check.ok ? check.fingerprint : (check.refusal ?? null);
  // The outcome npm audit gives for this answer: a report for a 200, "unavailable" with the same status for a refusal.
  const matches = (audit: DependencyAudit) =>
    check.ok ? audit.state === 'ok' : audit.state === 'unavailable' && audit.registryStatus === check.status;
  if (
    fingerprint !== null &&
    stored !== undefined &&
    stored.fingerprint === fingerprint &&
    matches(stored.audit) &&
    now() - Date.parse(stored.auditedAt) < REUSE_MAX_AGE_MS
  ) {
    return { ...stored.audit, revalidated: { advisoriesCheckedAt: check.checkedAt, npmAuditAt: stored.auditedAt } };
  }
  const auditedAt = new Date(now()).toISOString();
  const audit = await run();
  if (fingerprint !== null && matches(audit)) await cache.set<StoredAudit>(key, { fingerprint, auditedAt, audit });
  return audit;
}
