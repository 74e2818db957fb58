/**
 * Which base the new code is compared with: `--base REF` when given, else, in a GitHub
 * Actions pull-request run, the pull request's base commit (`pull_request.base.sha` of the
 * event file `$GITHUB_EVENT_PATH`, or `origin/$GITHUB_BASE_REF` when the event file has none).
 *
 * @module
 */
import { readFileSync } from 'node:fs';

/** The base of a new-code comparison and where it came from. */
export interface BaseRef {
  /** A git revision: a commit, branch or tag name. */
  ref: string;
  /** `--base`, `GITHUB_EVENT_PATH (pull_request.base.sha)` or `GITHUB_BASE_REF`. */
  source: string;
}

function baseShaOfEvent(file: string): string | null {
  try {
    const event = JSON.parse(readFileSync(file, 'utf8')) as { pull_request?: { base?: { sha?: unknown } } };
    const sha = event.pull_request?.base?.sha;
    return typeof sha === 'string' && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha) ? sha : null;
  } catch {
    return null; // no event file or not JSON: fall back to GITHUB_BASE_REF
  }
}

/**
 * The base to compare with, or null when there is none (no `--base`, not a pull-request run).
 *
 * @example
 * resolveBaseRef(undefined, { GITHUB_ACTIONS: 'true', GITHUB_BASE_REF: 'main' });
 * // { ref: 'origin/main', source: 'GITHUB_BASE_REF' }
 */
export function resolveBaseRef(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): BaseRef | null {
  if (flag !== undefined) return { ref: flag, source: '--base' };
  if (env['GITHUB_ACTIONS'] !== 'true') return null;
  const eventPath = env['GITHUB_EVENT_PATH'];
  const sha = eventPath ? baseShaOfEvent(eventPath) : null;
  if (sha) return { ref: sha, source: 'GITHUB_EVENT_PATH (pull_request.base.sha)' };
  const branch = env['GITHUB_BASE_REF'];
  if (branch) return { ref: `origin/${branch}`, source: 'GITHUB_BASE_REF' };
  return null;
}
