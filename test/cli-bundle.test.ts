import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { REPO } from './e2e/cli.test-helper.js';

/** Every non-test TypeScript file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return /\.ts$/.test(name) && !/\.test(-helper)?\.ts$/.test(name) ? [file] : [];
  });
}

describe('the CLI bundle (scripts/bundle-cli.mjs)', () => {
  it('is what bundling the current dist/ gives (not missing, not stale)', () => {
    const check = spawnSync(process.execPath, ['scripts/bundle-cli.mjs', '--check'], { cwd: REPO, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('is what bin/empathy.js runs', () => {
    const bin = readFileSync(path.join(REPO, 'bin', 'empathy.js'), 'utf8');
    expect([...bin.matchAll(/^import\s+'([^']+)'/gm)].map((m) => m[1])).toEqual(['../dist/bundle/empathy.js']);
    const version = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
    expect(execFileSync(process.execPath, ['bin/empathy.js', '--version'], { cwd: REPO, encoding: 'utf8' })).toBe(`${version}\n`);
  });

  it('has no module that finds files of ours beside itself (a chunk is not where tsc put the module)', () => {
    // `createRequire(import.meta.url)` resolves packages the same from dist/bundle/; any other use of
    // the module's own location goes through src/core/package-paths.ts.
    const offenders = sources(path.join(REPO, 'src'))
      .filter((file) => !file.endsWith(path.join('core', 'package-paths.ts')))
      .filter((file) => /import\.meta\.(dirname|filename)|import\.meta\.url(?<!createRequire\(import\.meta\.url)/.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(REPO, file));
    expect(offenders).toEqual([]);
  });
});
