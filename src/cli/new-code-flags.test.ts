import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from './index.js';
import { recordingIO } from './test-io.test-helper.js';
import { besideRepo, gitRepoFrom, removeGitRepos } from '../workflows/new-code/test-repo.test-helper.js';

afterAll(removeGitRepos);

describe('release-prep --base and the new-code gate flags', () => {
  it.each([
    [['--base', 'no-such-branch'], {}, /^empathy: --base no-such-branch: no such commit in .*fetch-depth: 0\)\n$/],
    [['--base', ''], {}, /^empathy: --base is empty/],
    [['--base', 'main', '--no-base'], {}, /^empathy: --base and --no-base disagree/],
    [['--min-new-coverage', '120'], {}, /^empathy: --min-new-coverage must be between 0 and 100, got "?120"?\n$/],
    [['--new-code-min-lines', '2.5'], {}, /^empathy: --new-code-min-lines must be an integer >= 0/],
    // in a GitHub pull request run the event's base is used, and a base that was not fetched is named
    [[], { GITHUB_ACTIONS: 'true', event: { pull_request: { base: { sha: 'b'.repeat(40) } } } }, /^empathy: GITHUB_EVENT_PATH \(pull_request\.base\.sha\) b{40}: no such commit/],
  ])('%j %j is a one-line usage error (exit 2) before any agent runs', async (args, env, message) => {
    const repo = gitRepoFrom('js-lib');
    const { event, ...vars } = env as { event?: unknown; GITHUB_ACTIONS?: string };
    const io = recordingIO(repo, { env: { ...vars } });
    if (event) {
      const file = besideRepo(repo, 'event.json');
      writeFileSync(file, JSON.stringify(event));
      io.env['GITHUB_EVENT_PATH'] = file;
    }
    const code = await main(['orchestrate', 'release-prep', '--no-learn', '--no-cache', ...args], io);
    expect(io.err).toMatch(message);
    expect(code).toBe(2);
    expect(io.out).toBe('');
  });
});
