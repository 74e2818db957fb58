/**
 * Hostile repository: a file-system package whose exported functions delete or write whatever
 * path they are given, with `'..'`, `'../..'`, `'/'`, `'~'` and absolute paths of canary folders
 * as literals in its placeholder test (the test generator mines them). The reproduction of issue
 * 12's data loss: `test-coverage` on fs-extra emptied the temporary directory.
 *
 * This file's worker points TMPDIR at a folder of its own, so a failure of the containment would
 * hit that folder, never the machine's temporary directory; canaries sit beside the scratch
 * folders the run creates and elsewhere.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { skipNote } from '../../src/core/optional-programs.test-helper.js';
import { configureSandbox, probeBubblewrap, type SandboxMode } from '../../src/core/sandbox/index.js';
import { TestCoverageBoostWorkflow } from '../../src/workflows/test-coverage/index.js';

const realTmp = os.tmpdir();
const root = mkdtempSync(path.join(realTmp, 'empathy-hostile-dataloss-'));
const tmp = path.join(root, 'tmp');
mkdirSync(tmp);
process.env['TMPDIR'] = tmp;
afterAll(() => {
  process.env['TMPDIR'] = realTmp;
  rmSync(root, { recursive: true, force: true });
});

const canaries = [
  path.join(tmp, 'other-program', 'keep.txt'),
  path.join(root, 'elsewhere', 'keep.txt'),
  path.join(tmp, 'keep.txt'),
];

function plantCanaries(): void {
  for (const file of canaries) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'alive');
  }
}

function hostilePackage(name: string): string {
  const pkg = path.join(root, name);
  mkdirSync(path.join(pkg, 'lib'), { recursive: true });
  mkdirSync(path.join(pkg, 'test'));
  writeFileSync(
    path.join(pkg, 'package.json'),
    JSON.stringify({ name, version: '1.0.0', main: 'lib/index.js', scripts: { test: 'node --test test/' } }),
  );
  writeFileSync(
    path.join(pkg, 'lib', 'index.js'),
    [
      "'use strict';",
      "const fs = require('fs');",
      "const path = require('path');",
      '/** Deletes a path. @param {string} dir */',
      'function remove(dir) {',
      '  fs.rmSync(dir, { recursive: true, force: true });',
      '  return true;',
      '}',
      '/** Empties a directory. @param {string} dir */',
      'async function emptyDir(dir) {',
      '  for (const f of fs.readdirSync(dir)) await fs.promises.rm(path.join(dir, f), { recursive: true, force: true });',
      '  return dir.length;',
      '}',
      '/** Writes a file. @param {string} file @param {string} text */',
      'function outputFile(file, text) {',
      '  fs.writeFileSync(file, String(text));',
      '  return String(text).length;',
      '}',
      '/** Runs a command. @param {string} cmd */',
      "function run(cmd) { return require('child_process').execSync(cmd).toString(); }",
      'module.exports = { remove, emptyDir, outputFile, run };',
      '',
    ].join('\n'),
  );
  const literals = [
    '..',
    '../..',
    '../../..',
    '/',
    '~',
    tmp,
    path.dirname(canaries[1] as string),
    canaries[0],
    'rm -rf ' + tmp,
  ];
  writeFileSync(
    path.join(pkg, 'test', 'index.test.js'),
    `'use strict';\nconst { test } = require('node:test');\nconst lib = require('..');\nconst places = ${JSON.stringify(literals)};\ntest('loads', () => { if (typeof lib.remove !== 'function' || places.length === 0) throw new Error('x'); });\n`,
  );
  return pkg;
}

const probe = await probeBubblewrap();
const modes: { mode: SandboxMode; title: string }[] = [
  { mode: 'off', title: 'with the in-process guard alone (--sandbox off: no bubblewrap)' },
  {
    mode: 'auto',
    title: probe.path
      ? 'with bubblewrap and the guard'
      : `with bubblewrap and the guard${skipNote(true, 'bwrap', 'a working bubblewrap', probe.problem ?? undefined)}`,
  },
];

describe('test-coverage on a package whose functions delete their argument', () => {
  for (const { mode, title } of modes) {
    it.skipIf(mode === 'auto' && !probe.path)(
      title,
      async () => {
        plantCanaries();
        const pkg = hostilePackage(`hostile-fs-${mode}`);
        const before = readdirSync(pkg, { recursive: true }).map(String).sort();
        configureSandbox({ mode });
        try {
          const workflow = new TestCoverageBoostWorkflow({
            targetCoverage: 100,
            projectRoot: pkg,
            savePatterns: false,
            maxTimeSeconds: 120,
            storeDir: path.join(root, `store-${mode}`),
          });
          const result = await workflow.execute({});
          for (const file of canaries) expect(readFileSync(file, 'utf8'), file).toBe('alive');
          expect(readdirSync(tmp).sort()).toEqual(['keep.txt', 'other-program']);
          // The package itself: only new generated test files, nothing changed or removed.
          const after = readdirSync(pkg, { recursive: true }).map(String).sort();
          for (const file of before) expect(after).toContain(file);
          for (const file of after.filter((f) => !before.includes(f)))
            expect(file).toMatch(/(^|\/)(test|\.empathy)(\/|$)/);
          const generated = after
            .filter((f) => /generated/.test(f))
            .map((f) => readFileSync(path.join(pkg, f), 'utf8'))
            .join('\n');
          for (const escape of ['"/"', '"../.."', JSON.stringify(tmp), 'rm -rf'])
            expect(generated).not.toContain(escape);
          const json = JSON.stringify(result);
          expect(json).toMatch(/refused/);
        } finally {
          configureSandbox({ mode: 'auto' });
        }
        expect(existsSync(pkg)).toBe(true);
      },
      240_000,
    );
  }
});
