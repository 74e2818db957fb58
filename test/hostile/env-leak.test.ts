/**
 * Secrets handed to untrusted code (issue 12): a repository whose test writes its whole
 * environment to a file. The project's code never sees a credential of ours, with or without
 * bubblewrap; with bubblewrap it cannot even write the file outside its scratch directory.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { skipNote } from '../../src/core/optional-programs.test-helper.js';
import { configureSandbox, probeBubblewrap, type SandboxMode } from '../../src/core/sandbox/index.js';
import { OrchestratedReleasePrepWorkflow } from '../../src/workflows/release-prep/release-prep.js';

const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'empathy-hostile-env-')));
for (const name of ['XDG_CACHE_HOME', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME'])
  process.env[name] = path.join(root, name.toLowerCase());
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Fake credentials, assembled at run time (no literal secret in our sources). */
const SECRETS: Record<string, string> = {
  OPENAI_API_KEY: ['sk', 'proj', 'fake0penai'.repeat(3)].join('-'),
  ANTHROPIC_API_KEY: ['sk', 'ant', 'fakeanthr0pic'.repeat(3)].join('-'),
  AWS_SECRET_ACCESS_KEY: 'fakeAwsSecret'.repeat(3),
  GITHUB_TOKEN: ['ghp', 'fakegithub'.repeat(4)].join('_'),
  NPM_TOKEN: ['npm', 'fakenpm'.repeat(5)].join('_'),
  DATABASE_URL: ['postgres:', '', ['admin', 'fakepassword'].join(':') + '@db.internal', 'prod'].join('/'),
};

function leakyRepo(name: string, leakFile: string): string {
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, 'lib'), { recursive: true });
  mkdirSync(path.join(dir, 'test'));
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name, version: '1.0.0', scripts: { test: 'node --test test/' } }),
  );
  writeFileSync(path.join(dir, 'lib', 'index.js'), '/** One. */\nexports.one = () => 1;\n');
  writeFileSync(
    path.join(dir, 'test', 'leak.test.js'),
    `const { test } = require('node:test');\nconst fs = require('node:fs');\nconst { one } = require('../lib/index.js');\ntest('leaks', () => {\n  try { fs.writeFileSync(${JSON.stringify(leakFile)}, JSON.stringify(process.env)); } catch {}\n  if (one() !== 1) throw new Error('x');\n});\n`,
  );
  return dir;
}

const probe = await probeBubblewrap();

describe('the project code of an analysed repository sees no credential', () => {
  for (const mode of ['off', 'auto'] as SandboxMode[]) {
    const skip = mode === 'auto' && !probe.path;
    it.skipIf(skip)(
      mode === 'off'
        ? 'without bubblewrap: the environment it dumps holds none of our credentials'
        : `with bubblewrap: it cannot write outside its scratch directory either${skipNote(skip, 'bwrap', 'a working bubblewrap', probe.problem ?? undefined)}`,
      async () => {
        const leakFile = path.join(root, `leak-${mode}.json`);
        const dir = leakyRepo(`leaky-${mode}`, leakFile);
        const saved = Object.fromEntries(Object.keys(SECRETS).map((k) => [k, process.env[k]]));
        Object.assign(process.env, SECRETS);
        const previous = configureSandbox({ mode });
        try {
          const report = await new OrchestratedReleasePrepWorkflow({
            agentIds: ['test_coverage_analyzer'],
            cache: false,
            learn: false,
          }).execute({ path: dir });
          const json = JSON.stringify(report.toJSON());
          for (const value of Object.values(SECRETS)) expect(json).not.toContain(value);
          if (mode === 'off') {
            const seen = readFileSync(leakFile, 'utf8');
            for (const value of Object.values(SECRETS)) expect(seen).not.toContain(value);
            const env = JSON.parse(seen) as Record<string, string>;
            for (const name of Object.keys(SECRETS)) expect(env[name]).toBeUndefined();
            expect(env['CI']).toBe('true');
            expect(env['HOME']).not.toBe(os.homedir());
          } else {
            expect(existsSync(leakFile)).toBe(false);
          }
        } finally {
          configureSandbox(previous);
          for (const [k, v] of Object.entries(saved)) {
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
          }
        }
      },
      120_000,
    );
  }
});
