import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProjectIndex } from '../../project/index.js';
import { coverageAnalyzer } from '../coverage/index.js';
import { RUN_DEADLINE_SECONDS } from '../coverage/fixture-copy.test-helper.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true }))));

// Built code as a package ships it: lib/index.js and its map to src/index.ts, without src/.
const LIB = "'use strict';\nfunction add(a, b) {\n  return a + b;\n}\nfunction unused() {\n  return 0;\n}\nmodule.exports = { add, unused };\n//# sourceMappingURL=index.js.map\n";
// A map of the 8 lines onto src/index.ts, line for line.
const MAP = { version: 3, file: 'index.js', sources: ['../src/index.ts'], sourcesContent: ['// original'], names: [], mappings: 'AAAA;AACA;AACA;AACA;AACA;AACA;AACA;AACA' };

describe('coverage of built code whose source map names missing sources', () => {
  it.each([
    ['the map is there', true],
    ['the map is missing too', false],
  ])('measures the built file itself (%s)', async (_label, withMap) => {
    const root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'empathy-collect-')));
    dirs.push(root);
    await fs.mkdir(path.join(root, 'lib'));
    await fs.mkdir(path.join(root, 'test'));
    await fs.writeFile(path.join(root, 'package.json'), JSON.stringify({ name: 'built', main: 'lib/index.js', scripts: { test: 'node --test test/' } }));
    await fs.writeFile(path.join(root, 'lib', 'index.js'), LIB);
    if (withMap) await fs.writeFile(path.join(root, 'lib', 'index.js.map'), JSON.stringify(MAP));
    await fs.writeFile(path.join(root, 'test', 'add.test.js'), "const test = require('node:test');\nconst assert = require('node:assert');\nconst { add } = require('../lib/index.js');\ntest('add', () => assert.strictEqual(add(1, 2), 3));\n");
    const report = await coverageAnalyzer.analyze(await buildProjectIndex(root, { cache: false }), { tier: 'CAPABLE', forceRun: true, timeoutSeconds: RUN_DEADLINE_SECONDS });
    const row = report.figures.files.find((f) => f.path === 'lib/index.js');
    expect(row?.lines_covered).toBeGreaterThan(0);
    expect(row?.uncovered_lines).toEqual([5, 6, 7]);
  });
});
