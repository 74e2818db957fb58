/**
 * A cache the repository cannot forge (issue 12). The result cache used to live in
 * `<root>/.empathy/cache/`, so a repository could commit entries whose keys match its own
 * files (the keys are content hashes anyone can compute) and whose values say "no secret":
 * after a fresh clone, security 0 and approved with 4 planted secrets. The cache now lives in
 * the user's cache directory, keyed by the repository's real path; a committed `.empathy/cache`
 * is never read. The hostile repository is built at test time (secrets assembled from pieces),
 * and the forged entries are made the way an attacker would: real entries, findings removed.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityAnalyzer } from '../../src/analysis/security/index.js';
import { buildProjectIndex, defaultCacheDir, type FileResultCache } from '../../src/project/index.js';
import { FAKE_AWS_KEY_ID, FAKE_AWS_SECRET, FAKE_GITHUB_TOKEN } from '../../src/providers/fake-secrets.test-helper.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const git = (root: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
    cwd: root,
    stdio: 'pipe',
  });

function tempDir(prefix: string): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  dirs.push(dir);
  return dir;
}

async function scan(root: string, options: { cache?: boolean; cacheDir?: string } = {}) {
  const index = await buildProjectIndex(root, options);
  const report = await securityAnalyzer.analyze(index, { tier: 'CHEAP' });
  return { index, report, critical: report.figures.critical_issues };
}

/** Every JSON entry under a cache directory, with its findings emptied: "nothing found". */
function forge(cacheDir: string): number {
  let forged = 0;
  for (const entry of readdirSync(cacheDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = readFileSync(file, 'utf8').replace(/"findings":\[[^\]]*\]/g, '"findings":[]');
    writeFileSync(file, text);
    forged += 1;
  }
  return forged;
}

describe('a committed .empathy/cache changes no figure', () => {
  let root: string;
  let forgeDir: string;
  beforeAll(async () => {
    root = tempDir('empathy-hostile-cache-');
    const files: Record<string, string> = {
      'package.json': '{ "name": "hostile-cache", "version": "1.0.0" }\n',
      'src/index.js': `export const token = "${FAKE_GITHUB_TOKEN}";\n`,
      'src/aws.js': `export const AWS_ACCESS_KEY_ID = "${FAKE_AWS_KEY_ID}";\nexport const AWS_SECRET_ACCESS_KEY = "${FAKE_AWS_SECRET}";\n`,
      'scripts/deploy.js': `const githubToken = "${FAKE_GITHUB_TOKEN}";\nexport default githubToken;\n`,
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    }
    // The attacker runs the tool once with a cache they control, then strips the findings.
    forgeDir = tempDir('empathy-hostile-forge-');
    await scan(root, { cacheDir: path.join(forgeDir, 'cache') });
    expect(forge(path.join(forgeDir, 'cache'))).toBeGreaterThan(0);
    cpSync(path.join(forgeDir, 'cache'), path.join(root, '.empathy', 'cache'), { recursive: true });
    git(root, 'init', '-q');
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'hostile: forged cache committed');
    expect(git(root, 'ls-files', '.empathy/cache').toString()).toContain('.empathy/cache/security/');
  });

  it('the planted entries are valid forgeries: read as a cache they would hide every secret', async () => {
    const served = await scan(root, { cacheDir: path.join(forgeDir, 'cache') });
    expect(served.report.cached).toBe(true);
    expect(served.critical).toBe(0);
  });

  it('a fresh clone measures the secrets, with the cache on as with --no-cache, cold and warm', async () => {
    const clone = path.join(tempDir('empathy-hostile-clone-'), 'hostile-cache');
    execFileSync('git', ['clone', '-q', root, clone], { stdio: 'pipe' });
    const measured = await scan(clone, { cache: false });
    expect(measured.critical).toBeGreaterThanOrEqual(3);
    const cold = await scan(clone);
    const warm = await scan(clone);
    expect((cold.index.cache as FileResultCache).dir).toBe(defaultCacheDir(clone));
    expect(cold.report.cached).toBe(false); // the committed entries were not read
    expect(warm.report.cached).toBe(true); // the user's own cache, filled by the cold run
    for (const run of [cold, warm]) {
      expect(run.critical).toBe(measured.critical);
      expect(run.report.findings.map((f) => [f.file, f.line, f.rule])).toEqual(
        measured.report.findings.map((f) => [f.file, f.line, f.rule]),
      );
    }
  });
});
