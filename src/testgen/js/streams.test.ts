import { afterAll, describe, expect, it } from 'vitest';
import { generateForIndex, nodeTestProject, removeTempDirs, runWithNodeTest } from './generate.test-helper.js';

afterAll(removeTempDirs);

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
/** A proxy whose traps throw: looking at the returned value throws, the call itself does not. */
function lazy() {
  return new Proxy({}, { get() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); } });
}
module.exports = { upper, lines, count, endless, lazy };
`;

describe('streams', () => {
  it('reads returned streams to their end (writing an input to a transform first), passes streams as arguments, skips values that throw when inspected, and emits tests that pass', async () => {
    const root = await nodeTestProject(LIB);
    const text = await generateForIndex(root);
    // a transform gets an input and its output is asserted
    expect(text).toContain('assert.deepStrictEqual(await collect(mod.upper(), ["hello\\n", "world\\n"]), "HELLO\\nWORLD\\n");');
    // a returned readable is read to its end
    expect(text).toMatch(/assert\.deepStrictEqual\(await collect\(mod\.lines\("[^"]*"\), null\), "[^"]*"\);/);
    // a stream argument
    expect(text).toMatch(/await viaCallback\(\(callback\) => mod\.count\(streamOf\(\[[^\]]*\]\), callback\)\)/);
    expect(text).toContain("const { Readable } = require('node:stream');");
    // a stream that never ends is not read into a test
    expect(text).not.toMatch(/collect\(mod\.endless\(\)/);
    // a value that throws when looked at is no test (the call itself does not throw)
    expect(text).not.toContain('mod.lazy(');
    const run = await runWithNodeTest(root, text);
    expect(run.output).toMatch(/# fail 0/);
    expect(run.status).toBe(0);
  });
});
