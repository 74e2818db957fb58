import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildProjectIndex } from '../../project/index.js';
import { qualityEslintConsumer } from '../quality/lint-runner.js';
import { measureFiles } from './complexity.js';
import { cachedComplexity, codeFiles, complexityEslintConsumer, metricsOf } from './complexity-cache.js';
import { measureTsSource } from './complexity-ts.js';
import { runEslintPass, type EslintPassFile } from './eslint-pass.js';
import { isPlanned, lintFor, planEslintPass } from './eslint-plan.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const spec = complexityEslintConsumer().spec();

/** The ESTree rule's metrics per file, in the shape of measureTsSource (null: ESLint could not parse it). */
async function viaEslint(files: { path: string; text: string }[]) {
  const inputs: EslintPassFile[] = files.map((f) => ({ ...f, consumers: [spec.id] }));
  const out = await runEslintPass({ root: REPO, files: inputs, consumers: [spec] });
  const byFile = out.byConsumer[spec.id] ?? {};
  return new Map(
    files.map((f) => {
      const messages = byFile[f.path] ?? [];
      return [f.path, messages.some((m) => m.fatal) ? null : metricsOf(f.path, messages)];
    }),
  );
}

function sourcesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(REPO, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) out.push(...sourcesUnder(rel));
    } else if (/\.(?:[cm]?[jt]s|[jt]sx)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

describe('complexity on the ESLint tree (complexity-estree.ts)', () => {
  it('names and counts like the TypeScript measurement on the awkward cases', async () => {
    const text = [
      'class A { constructor(a = 1) { if (a) {} } static async m(x) { return x?.y?.z ?? 0; } get v() { return 1; } #p() {} [`k${1}`]() {} f = () => {}; g = (function () {}); }',
      'const B = class { m() {} }; const { c = 1 } = {}; let d; ({ d = 2 } = {}); [d = 3] = [];',
      'exports.run = function () { outer: for (const x of []) { for (;;) { if (x) continue outer; else if (!x) break; else { } } } };',
      'const h = (a, b) => a && b && c || d ? (e ? 1 : 2) : 3; const o = { p() {}, q: () => {}, "r s": function named() {}, [Symbol.iterator]: () => {} };',
      'export default function () { try { switch (x) { case 1: break; default: } } catch { x ||= 1; } }',
      'export function j() { return <div>{a && b && <span />}{c ? <i /> : null}</div>; }',
    ].join('\n');
    const file = { path: 'awkward.jsx', text };
    const eslint = (await viaEslint([file])).get(file.path);
    expect(eslint).toEqual(measureTsSource(file.path, text));
    expect(eslint?.map((f) => `${f.line}:${f.name}`)).toEqual([
      '1:<anonymous>',
      '1:A.[`k${1}`]',
      '1:A.#p',
      '1:A.constructor',
      '1:A.f',
      '1:A.m',
      '1:A.v',
      '2:m',
      '3:exports.run',
      '4:[Symbol.iterator]',
      '4:h',
      '4:named',
      '4:p',
      '4:q',
      '5:<anonymous>',
      '6:j',
    ]);
  });

  it('gives exactly the TypeScript measurement on every JS/TS file of this repository and its fixtures', async () => {
    const paths = [
      ...sourcesUnder('src'),
      ...sourcesUnder('test'),
      ...sourcesUnder('bench'),
      ...sourcesUnder('scripts'),
    ];
    const files = paths.map((p) => ({ path: p, text: readFileSync(path.join(REPO, p), 'utf8') }));
    const eslint = await viaEslint(files);
    let functions = 0;
    const unparsed: string[] = [];
    const differing: string[] = [];
    for (const file of files) {
      const measured = eslint.get(file.path);
      if (measured === null || measured === undefined) {
        unparsed.push(file.path);
        continue;
      }
      functions += measured.length;
      if (JSON.stringify(measured) !== JSON.stringify(measureTsSource(file.path, file.text)))
        differing.push(file.path);
    }
    expect(differing).toEqual([]);
    expect(files.length).toBeGreaterThan(400);
    expect(functions).toBeGreaterThan(3000);
    // Files ESLint cannot parse are measured with TypeScript instead (complexity-cache.ts); here
    // that is only fixtures with planted syntax errors.
    expect(unparsed.every((p) => p.startsWith('test/fixtures/'))).toBe(true);
  }, 600_000);
});

describe('complexity through the shared pass (complexity-cache.ts)', () => {
  it('takes JS/TS from the pass, and measures Python and the files ESLint cannot parse with the other parsers', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'empathy-cx-'));
    try {
      writeFileSync(
        path.join(root, 'ok.js'),
        'export function f(a) {\n  if (a && a.b) return 1;\n  return 0;\n}\n',
      );
      // an octal literal: a syntax error for ESLint in a module, parsed (with a diagnostic) by TypeScript
      writeFileSync(path.join(root, 'legacy.js'), 'export function g(x) {\n  return x ? 010 : 0;\n}\n');
      writeFileSync(path.join(root, 'tool.py'), 'def h(x):\n    if x:\n        return 1\n    return 0\n');
      const index = await buildProjectIndex(root, { cache: false });
      planEslintPass(index, [qualityEslintConsumer('CAPABLE'), complexityEslintConsumer()]);
      expect(isPlanned(index, 'complexity')).toBe(true);
      const files = codeFiles(index);
      const { value } = await cachedComplexity(index, files);
      const expected = await measureFiles(
        files.map((f) => ({ path: f.path, absolutePath: f.absolutePath, language: f.language })),
      );
      expect(value).toEqual(expected);
      const share = await lintFor(index, complexityEslintConsumer());
      expect(share.messages['legacy.js']?.map((m) => m.fatal)).toEqual([true]);
      expect(
        value.map(
          (m) => `${m.file}:${m.functions.map((f) => `${f.name}/${f.cognitive}/${f.cyclomatic}`).join()}`,
        ),
      ).toEqual(['legacy.js:g/1/2', 'ok.js:f/2/3', 'tool.py:h/1/2']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 600_000);
});
