/**
 * Where a worker finds the repository a job names: `{ path }` is used as it is (storage the
 * coordinator and the worker share); `{ gitUrl, commit }` is cloned once into the worker's
 * workspace (a bare mirror per URL), fetched when the commit is missing, and checked out into
 * one directory per commit. The checked-out HEAD must be the commit asked for; anything else
 * is refused with a one-line error. Git never runs the repository's hooks here.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { existsSync, promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import { withFileLock } from '../core/file-lock.js';
import { runCommand } from '../core/run-command.js';
import type { RepoRef } from './work-unit.js';

/** A repository a job names cannot be found or checked out on this worker. */
export class RepoCheckoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RepoCheckoutError';
  }
}

const GIT_ENV = { GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1', GIT_ASKPASS: 'true' };

async function git(args: string[], cwd: string, signal?: AbortSignal): Promise<{ ok: boolean; out: string; err: string }> {
  const result = await runCommand('git', ['-c', 'core.hooksPath=/dev/null', ...args], {
    cwd,
    env: GIT_ENV,
    timeoutMs: 10 * 60_000,
    ...(signal ? { signal } : {}),
  });
  return { ok: result.exitCode === 0, out: result.stdout.trim(), err: result.stderr.trim().split('\n').pop() ?? '' };
}

/** A short, file-name-safe key of a URL. */
function keyOf(url: string): string {
  const base = url.replace(/\.git$/, '').split(/[/:]/).filter(Boolean).pop() ?? 'repo';
  return `${base.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40)}-${createHash('sha256').update(url).digest('hex').slice(0, 12)}`;
}

async function resolveCommit(mirror: string, commit: string): Promise<string | null> {
  const found = await git(['rev-parse', '--verify', '--quiet', `${commit}^{commit}`], mirror);
  return found.ok && found.out.startsWith(commit) ? found.out : null;
}

/**
 * The local directory of `ref` in `workspace` (created on demand; serialised per repository
 * across the worker processes that share the workspace).
 *
 * @throws RepoCheckoutError when the path does not exist, the URL cannot be cloned or the commit is not there.
 */
export async function checkoutRepo(ref: RepoRef, workspace: string, signal?: AbortSignal): Promise<string> {
  if ('path' in ref) {
    if (!path.isAbsolute(ref.path)) throw new RepoCheckoutError(`repository path ${ref.path} is not absolute`);
    if (!existsSync(ref.path) || !statSync(ref.path).isDirectory())
      throw new RepoCheckoutError(`repository path ${ref.path} does not exist on this worker (share the storage, or name it as gitUrl@commit)`);
    return ref.path;
  }
  const { gitUrl, commit } = ref;
  const key = keyOf(gitUrl);
  await fs.mkdir(path.join(workspace, 'locks'), { recursive: true });
  return withFileLock(path.join(workspace, 'locks', `${key}.lock`), async () => {
    const mirror = path.join(workspace, 'git', `${key}.git`);
    if (!existsSync(mirror)) {
      const temp = `${mirror}.${process.pid}.tmp`;
      await fs.rm(temp, { recursive: true, force: true });
      await fs.mkdir(path.dirname(mirror), { recursive: true });
      const cloned = await git(['clone', '--bare', '--quiet', gitUrl, temp], workspace, signal);
      if (!cloned.ok) {
        await fs.rm(temp, { recursive: true, force: true });
        throw new RepoCheckoutError(`cannot clone ${gitUrl}: ${cloned.err}`);
      }
      await fs.rename(temp, mirror);
    }
    let full = await resolveCommit(mirror, commit);
    if (full === null) {
      await git(['fetch', '--quiet', 'origin', '+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'], mirror, signal);
      full = await resolveCommit(mirror, commit);
    }
    if (full === null && commit.length === 40) {
      await git(['fetch', '--quiet', 'origin', commit], mirror, signal);
      full = await resolveCommit(mirror, commit);
    }
    if (full === null)
      throw new RepoCheckoutError(`commit ${commit} is not in ${gitUrl} (fetched its branches and tags); check the commit in the repository list`);
    const tree = path.join(workspace, 'trees', `${key}-${full}`);
    if (!existsSync(tree)) {
      const temp = `${tree}.${process.pid}.tmp`;
      await fs.rm(temp, { recursive: true, force: true });
      await fs.mkdir(path.dirname(tree), { recursive: true });
      const cloned = await git(['clone', '--quiet', '--shared', '--no-checkout', mirror, temp], workspace, signal);
      const checked = cloned.ok ? await git(['checkout', '--quiet', '--detach', full], temp, signal) : cloned;
      if (!checked.ok) {
        await fs.rm(temp, { recursive: true, force: true });
        throw new RepoCheckoutError(`cannot check out ${commit} of ${gitUrl}: ${checked.err}`);
      }
      await fs.rename(temp, tree);
    }
    const head = await git(['rev-parse', 'HEAD'], tree);
    if (!head.ok || head.out !== full)
      throw new RepoCheckoutError(`checkout of ${gitUrl} in ${tree} is at ${head.out || 'no commit'}, not ${full}; remove that directory`);
    return tree;
  });
}
