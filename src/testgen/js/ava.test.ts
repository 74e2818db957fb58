import { spawnSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateForIndex, removeTempDirs, tempDir } from './generate.test-helper.js';

afterAll(removeTempDirs);

const NODE_MODULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../node_modules');

const LIB = `'use strict';
/** Adds two numbers. */
function add(a, b) {
  if (typeof a !== 'number' || typeof b !== 'number') throw new TypeError('numbers expected');
  return a + b;
}
/** A counter object. */
class Counter {
  constructor() { this.n = 0; }
  inc() { this.n += 1; return this.n; }
}
module.exports = { add, Counter };
`;

describe('ava projects', () => {
  it('get generated tests written for ava (serial cases, node:assert checks) that ava runs and passes', async (context) => {
    if (!existsSync(path.join(NODE_MODULES, '.bin', 'ava'))) context.skip('ava is not installed in node_modules');
    const root = await tempDir();
    await fs.writeFile(path.join(root, 'package.json'), JSON.stringify({ name: 'subject', main: 'index.js', scripts: { test: 'ava' }, devDependencies: { ava: '*' } }));
    await fs.writeFile(path.join(root, 'index.js'), LIB);
    await fs.symlink(NODE_MODULES, path.join(root, 'node_modules'), 'dir');
    const text = await generateForIndex(root);
    expect(text).toContain("const test = require('ava');");
    expect(text).toContain('test.serial(title');
    expect(text).toMatch(/assert\.deepStrictEqual\(mod\.add\(/);
    const file = path.join(root, 'test', 'index.generated.test.js');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, text);
    const run = spawnSync(path.join(NODE_MODULES, '.bin', 'ava'), ['test/index.generated.test.js'], { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, CI: '1' } });
    const output = run.stdout + run.stderr;
    expect(output).toMatch(/\d+ tests? passed/);
    expect(output).not.toMatch(/failed/);
    expect(run.status).toBe(0);
  }, 180_000);
});
