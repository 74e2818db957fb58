import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProjectIndex } from '../../project/index.js';
import type { GenerationContext } from '../types.js';
import { offlineJsGenerator } from './generator.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'empathy-testgen-streams-')));
  dirs.push(dir);
  return dir;
}
afterAll(() => Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true }))));

const LIB = `'use strict';
const { Readable, Transform } = require('node:stream');
/** A transform that upper-cases text. */
function upper() {
  return new Transform({ transform(chunk, _encoding, done) { done(null, String(chunk).toUpperCase()); } });
}
/** The lines of a text as a readable stream. */
function lines(text) {
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  return Readable.from(text.split(','));
}
/** Counts the chunks of a readable stream. */
function count(stream, callback) {
  let n = 0;
  stream.on('data', () => { n += 1; });
  stream.on('end', () => callback(null, n));
  stream.on('error', callback);
}
/** A stream that never ends. */
function endless() {
  let i = 0;
  return new Readable({ read() { this.push(String(i++)); } });
}
module.exports = { upper, lines, count, endless };
`;

describe('streams', () => {
  it('reads returned streams to their end (writing an input to a transform first), passes streams as arguments, and emits tests that pass', async () => {
    const root = await tempDir();
    await fs.writeFile(path.join(root, 'package.json'), JSON.stringify({ name: 'streams', main: 'index.js', scripts: { test: 'node --test test/' } }));
    await fs.writeFile(path.join(root, 'index.js'), LIB);
    const index = await buildProjectIndex(root, { cache: false });
    const context: GenerationContext = { root, index, workDir: await tempDir(), signal: new AbortController().signal, deadline: Date.now() + 60_000, memoryMb: 256, reservedPaths: new Set(), memo: new Map() };
    const result = await offlineJsGenerator.generate({ path: 'index.js', language: 'javascript', uncoveredLines: [], uncovered: 10, linesTotal: 12, pct: 0, functions: [], priority: false, score: 10 }, context);
    const text = result.candidates[0]?.content ?? '';
    // a transform gets an input and its output is asserted
    expect(text).toContain('assert.deepStrictEqual(await collect(mod.upper(), ["hello\\n", "world\\n"]), "HELLO\\nWORLD\\n");');
    // a returned readable is read to its end
    expect(text).toMatch(/assert\.deepStrictEqual\(await collect\(mod\.lines\("[^"]*"\), null\), "[^"]*"\);/);
    // a stream argument
    expect(text).toMatch(/await viaCallback\(\(callback\) => mod\.count\(streamOf\(\[[^\]]*\]\), callback\)\)/);
    expect(text).toContain("const { Readable } = require('node:stream');");
    // a stream that never ends is not read into a test
    expect(text).not.toMatch(/collect\(mod\.endless\(\)/);
    const file = path.join(root, 'test', 'index.generated.test.js');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, text);
    const run = spawnSync(process.execPath, ['--test', file], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.stdout + run.stderr).toMatch(/# fail 0/);
    expect(run.status).toBe(0);
  }, 120_000);
});
