import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compareReports } from '../../bench/report-compare.js';
import { copyFixture, removeCopies, REPO, runCli } from './cli.test-helper.js';

afterAll(removeCopies);

const STATIC = ['--agents', 'security_auditor,code_reviewer,documentation_writer', '--no-learn', '--no-history'];

/**
 * `release-prep --watch` as a child process of the built CLI: the stderr lines it printed, a
 * promise for the line that says run `n` ended, and Ctrl-C.
 */
function startWatch(repo: string, output: string) {
  const child = spawn(process.execPath, [path.join(REPO, 'bin', 'empathy.js'), 'orchestrate', 'release-prep', '--watch', '--path', repo, ...STATIC, '--json', '--output', output], {
    cwd: REPO,
    env: { ...process.env, NO_COLOR: '1', EMPATHY_LOG: 'error' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const waiters: { n: number; resolve: () => void }[] = [];
  child.stderr.on('data', (data: Buffer) => {
    stderr += data.toString();
    for (const waiter of waiters.filter((w) => stderr.includes(`: run ${w.n} `))) waiter.resolve();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    stderr: () => stderr,
    ran: (n: number) =>
      new Promise<void>((resolve, reject) => {
        if (stderr.includes(`: run ${n} `)) return resolve();
        waiters.push({ n, resolve });
        void exited.then(() => reject(new Error(`watch ended before run ${n}: ${stderr}`)));
      }),
    stop: () => {
      child.kill('SIGINT');
      return exited;
    },
  };
}

describe('release-prep --watch', () => {
  it('re-analyses each change in the same process, with the report a fresh --no-cache run gives', async () => {
    const repo = copyFixture('js-lib');
    writeFileSync(path.join(repo, 'lib', 'tool.py'), '"""Tools."""\n\n\ndef double(value):\n    """Twice the value."""\n    return value * 2\n');
    const dir = path.dirname(repo);
    const output = path.join(dir, 'watch.json');
    const watch = startWatch(repo, output);
    await watch.ran(1);
    let previous = path.join(dir, 'watch-1.json');
    copyFileSync(output, previous);
    const changes = [
      // A documented, exported JS function with a branch: lint, complexity, docs and duplication inputs change.
      () => appendFileSync(path.join(repo, 'lib', 'parse.js'), '\n/** Added. */\nexport function added(value) {\n  if (value > 1) return value + 1;\n  return value * 2;\n}\n'),
      // A Python function with a security finding and no docstring.
      () => appendFileSync(path.join(repo, 'lib', 'tool.py'), '\n\ndef run(command):\n    import subprocess\n    return subprocess.call(command, shell=True)\n'),
    ];
    for (const [i, change] of changes.entries()) {
      change();
      await watch.ran(i + 2);
      const watched = path.join(dir, `watch-${i + 2}.json`);
      copyFileSync(output, watched);
      const fresh = await runCli(['orchestrate', 'release-prep', '--path', repo, ...STATIC, '--no-cache', '--json'], REPO);
      const reference = path.join(dir, `fresh-${i + 2}.json`);
      writeFileSync(reference, fresh.stdout);
      expect(compareReports(watched, reference)).toBe('identical');
      expect(compareReports(watched, previous)).toMatch(/^DIFFERENT/); // the change is in the report
      previous = watched;
    }
    expect(await watch.stop()).toBe(130);
    const lines = watch.stderr().split('\n').filter((line) => line.includes(': run ') || line.includes('changed') || line.includes('stopped'));
    expect(lines.map((line) => line.replace(/\(exit \d\).*/, '').replace(/ \(.*\); running again/, ''))).toEqual([
      'release-prep: run 1 approved ',
      'release-prep: 1 file changed',
      'release-prep: run 2 approved ',
      'release-prep: 1 file changed',
      'release-prep: run 3 approved ',
      'release-prep: watch stopped',
    ]);
  });
});
