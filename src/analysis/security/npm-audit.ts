/**
 * Dependency advisories from `npm audit --json` (PREMIUM). npm audit fails open in two ways
 * (TOOL-FACTS): a registry that refuses the bulk advisory endpoint (405, exit 1, an error
 * object on stdout), and `--offline`, which answers "0 vulnerabilities" without asking
 * anyone. Both are reported as "dependency audit unavailable", never as zero: we force
 * `--offline=false` (overriding a user's `.npmrc`) and accept only a v2 report.
 *
 * The advisories are asked on every run: a stored "no advisories" could approve a release that a
 * fresh check blocks. `npm-audit-reuse.ts` reuses a stored report only after asking the registry
 * itself that the advisories are unchanged; {@link NPM_AUDIT_ARGS} keep npm from doing work whose
 * output nobody reads.
 *
 * @module
 */
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { errorMessage } from '../../errors.js';
import { findExecutable, runCommand } from '../../core/run-command.js';
import type { Finding } from '../types.js';
import type { DependencyAuditState } from './types.js';
import { npmAuditSeverity } from './severity-table.js';

/** Result of the dependency audit. */
export interface DependencyAudit {
  state: DependencyAuditState;
  /** Why the state is not `ok`. */
  reason: string | null;
  /** How the user can get a real audit, when it is unavailable. */
  fix?: string;
  findings: Finding[];
  /** Vulnerable packages, `null` unless `ok`. */
  vulnerablePackages: number | null;
  npmVersion: string | null;
  /**
   * Set when this is a stored npm audit report reused because the registry's advisories were
   * unchanged (`npm-audit-reuse.ts`): when they were checked and when npm audit ran (ISO times).
   */
  revalidated?: { advisoriesCheckedAt: string; npmAuditAt: string };
  /** The HTTP status of the registry's refusal, when npm audit was unavailable because of one. */
  registryStatus?: number;
}

interface AuditVia {
  title?: string;
  url?: string;
  severity?: string;
  range?: string;
}

interface AuditReportV2 {
  auditReportVersion: 2;
  vulnerabilities: Record<
    string,
    { name?: string; severity: string; via: (string | AuditVia)[]; range?: string; fixAvailable?: unknown }
  >;
  metadata: { vulnerabilities: Record<string, number> };
}

/** The lock file npm audit reads. */
export const NPM_LOCK_FILES = ['package-lock.json', 'npm-shrinkwrap.json'];

/**
 * Parses the stdout of `npm audit --json`. Returns the findings of a v2 report, or the
 * reason the output is not a usable report (error object, other version, not JSON).
 *
 * @example
 * parseNpmAudit('{"message":"405 Method Not Allowed","statusCode":405}');
 * // { ok: false, reason: 'registry error: 405 Method Not Allowed' }
 */
export function parseNpmAudit(
  stdout: string,
  lockFile = 'package-lock.json',
): { ok: true; findings: Finding[]; vulnerablePackages: number } | { ok: false; reason: string; status?: number } {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    const head = stdout.trim().slice(0, 120);
    return { ok: false, reason: head ? `output is not JSON: ${head}` : 'no output' };
  }
  const report = json as Partial<AuditReportV2> & {
    error?: { summary?: string };
    message?: string;
    statusCode?: number;
  };
  if (report.auditReportVersion !== 2 || typeof report.vulnerabilities !== 'object' || !report.metadata) {
    const message = report.message ?? report.error?.summary;
    if (message || report.statusCode || report.error) {
      const reason = `registry error: ${message || `status ${report.statusCode}`}`;
      return typeof report.statusCode === 'number' ? { ok: false, reason, status: report.statusCode } : { ok: false, reason };
    }
    return {
      ok: false,
      reason: `unsupported report (auditReportVersion ${String(report.auditReportVersion)})`,
    };
  }
  const findings: Finding[] = [];
  for (const [name, vulnerability] of Object.entries(report.vulnerabilities ?? {})) {
    const advisories = vulnerability.via.filter((v): v is AuditVia => typeof v === 'object' && v !== null);
    const through = vulnerability.via.filter((v): v is string => typeof v === 'string');
    const what = advisories.length
      ? advisories.map((a) => `${a.title ?? 'advisory'}${a.url ? ` (${a.url})` : ''}`).join('; ')
      : `vulnerable through ${through.join(', ')}`;
    findings.push({
      file: lockFile,
      line: 0,
      rule: `npm-audit/${name}`,
      severity: npmAuditSeverity(vulnerability.severity),
      message: `${name}${vulnerability.range ? ` ${vulnerability.range}` : ''}: ${what}${vulnerability.fixAvailable ? ' (fix available)' : ''}`,
      tool: 'npm-audit',
    });
  }
  return { ok: true, findings, vulnerablePackages: findings.length };
}

/**
 * The npm that `command` runs, when `command` is npm's own script (`npm-cli.js`, as the `npm` on
 * PATH links to): its package folder and its version, read from its package.json (the same text
 * `npm --version` prints, without starting npm: about 0.13 s of CPU). Null when it is something else.
 *
 * @example
 * installedNpm('npm'); // { dir: '/usr/lib/node_modules/npm', version: '11.19.1' }
 */
export function installedNpm(command: string): { dir: string; version: string } | null {
  try {
    const found = findExecutable(command);
    if (found === null) return null;
    const script = realpathSync(found);
    if (path.basename(script) !== 'npm-cli.js') return null;
    const dir = path.dirname(path.dirname(script));
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
    return pkg.name === 'npm' && typeof pkg.version === 'string' && pkg.version !== '' ? { dir, version: pkg.version } : null;
  } catch {
    return null;
  }
}

/**
 * The version of the npm that `command` runs ({@link installedNpm}), null when it is not npm's own script.
 *
 * @example
 * installedNpmVersion('npm'); // '11.19.1'
 */
export function installedNpmVersion(command: string): string | null {
  return installedNpm(command)?.version ?? null;
}

/**
 * The arguments of `npm audit`. Besides the JSON report and `--offline=false`: `--logs-max=0`
 * (npm writes no debug log file under `~/.npm/_logs`: formatting every log line costs about 40 ms
 * of CPU, and the run's stdout is the same) and `--no-update-notifier` (no check of npm's own
 * latest version, which asks the registry once a week). Together about 0.15 s of npm's 0.9 s of
 * CPU on luxon's lock file.
 */
export const NPM_AUDIT_ARGS: readonly string[] = Object.freeze([
  'audit',
  '--json',
  '--offline=false',
  '--logs-max=0',
  '--no-update-notifier',
]);

/** Options of {@link runNpmAudit}. */
export interface RunNpmAuditOptions {
  command?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Runs `npm audit` ({@link NPM_AUDIT_ARGS}) in `root`, which must hold a lock file.
 *
 * @example
 * const audit = await runNpmAudit('/repo', 'package-lock.json', { timeoutMs: 120_000 });
 * audit.state; // 'ok' or 'unavailable' (never a silent zero)
 */
export async function runNpmAudit(
  root: string,
  lockFile: string,
  options: RunNpmAuditOptions,
): Promise<DependencyAudit> {
  const command = options.command ?? 'npm';
  const unavailable = (reason: string, npmVersion: string | null, registryStatus?: number): DependencyAudit => ({
    state: 'unavailable',
    reason,
    fix: 'run `npm audit` where the registry answers the advisory endpoint (e.g. in CI with network access)',
    findings: [],
    vulnerablePackages: null,
    npmVersion,
    ...(registryStatus === undefined ? {} : { registryStatus }),
  });
  let npmVersion: string | null = null;
  try {
    npmVersion = installedNpmVersion(command);
    if (npmVersion === null) {
      const v = await runCommand(command, ['--version'], {
        cwd: root,
        timeoutMs: 15_000,
        signal: options.signal,
      });
      npmVersion = v.exitCode === 0 ? v.stdout.trim() || null : null;
    }
    const r = await runCommand(command, [...NPM_AUDIT_ARGS], {
      cwd: root,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
    });
    if (r.timedOut) return unavailable(`npm audit timed out after ${options.timeoutMs} ms`, npmVersion);
    if (r.aborted) return unavailable('npm audit was aborted', npmVersion);
    const parsed = parseNpmAudit(r.stdout, lockFile);
    if (!parsed.ok) return unavailable(`npm audit: ${parsed.reason} (exit ${r.exitCode})`, npmVersion, parsed.status);
    if (r.exitCode !== 0 && parsed.vulnerablePackages === 0) {
      return unavailable(`npm audit exited ${r.exitCode} with an empty report`, npmVersion);
    }
    return {
      state: 'ok',
      reason: null,
      findings: parsed.findings,
      vulnerablePackages: parsed.vulnerablePackages,
      npmVersion,
    };
  } catch (error) {
    return unavailable(`npm audit could not run: ${errorMessage(error)}`, npmVersion);
  }
}
