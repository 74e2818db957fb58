import { describe, expect, it } from 'vitest';
import { parseJsSource } from '../shared/js-imports.js';
import { jsPerformanceSmells } from './js-smells.js';

const smells = (text: string, name = 'a.ts'): string[] =>
  jsPerformanceSmells(parseJsSource(name, text), name).map((f) => `${f.line} ${f.rule} ${f.severity}`);

describe('await in loops', () => {
  it('reports awaits in loop bodies and conditions', () => {
    const text = [
      'async function f(xs, it) {',
      '  for (const x of xs) await x;',
      '  for (let i = 0; i < 3; i = await next(i)) {}',
      '  do { } while (await more());',
      '  for (const k in xs) { if (k) { await xs[k]; } }',
      '}',
    ].join('\n');
    expect(smells(text)).toEqual([
      '2 performance/await-in-loop medium',
      '3 performance/await-in-loop medium',
      '4 performance/await-in-loop medium',
      '5 performance/await-in-loop medium',
    ]);
  });

  it('does not report for-await bodies, loop initialisers, iterables or nested functions', () => {
    const text = [
      'async function f(xs) {',
      '  for await (const x of xs) { await x; }',
      '  for (let i = await start(); i < 3; i++) {}',
      '  for (const x of await load()) {}',
      '  for (const x of xs) { xs.map(async (y) => await y); }',
      '  await Promise.all(xs);',
      '}',
    ].join('\n');
    expect(smells(text)).toEqual([]);
  });
});

describe('synchronous I/O', () => {
  it('rates sync calls in request handlers high, in other functions low, at top level not at all', () => {
    const text = [
      "const fs = require('fs');",
      "fs.readFileSync('boot');",
      "app.post('/x', async (req, res) => { fs.writeFileSync('a', 'b'); });",
      "router.get(/re/, function named(q, s) { fs.statSync('x'); });",
      'app.use((q, s, next) => { setImmediate(() => fs.readdirSync(".")); });',
      "server.on('request', (a, b) => { execSync('ls'); });",
      'export default function handler(request, response) { fs.accessSync("x"); }',
      'koa.use(async (ctx, next) => { fs.existsSync("x"); });',
      'function build() { fs.mkdirSync("out"); }',
      "cache.get(key, () => fs.readFileSync('k'));",
      "emitter.on('data', () => fs.appendFileSync('log', 'x'));",
      'async function ok() { await fs.promises.readFile("x"); }',
    ].join('\n');
    expect(smells(text, 'server.js')).toEqual([
      '3 performance/sync-io-in-handler high',
      '4 performance/sync-io-in-handler high',
      '5 performance/sync-io-in-handler high',
      '6 performance/sync-io-in-handler high',
      '7 performance/sync-io-in-handler high',
      '8 performance/sync-io-in-handler high',
      '9 performance/sync-io low',
      '10 performance/sync-io low',
      '11 performance/sync-io low',
    ]);
  });
});

describe('super-linear regular expressions', () => {
  it('checks regex literals and RegExp calls with literal patterns', () => {
    const text = [
      'const a = /^(a+)+$/;',
      "const b = new RegExp('(x|x)*y', 'g');",
      'const c = RegExp(`^(\\\\d+\\\\.?)+$`);',
      'const d = /^[a-z]+$/;',
      'const e = new RegExp(dynamic);',
    ].join('\n');
    expect(smells(text)).toEqual([
      '1 performance/super-linear-regex medium',
      '2 performance/super-linear-regex medium',
      '3 performance/super-linear-regex medium',
    ]);
  });
});
