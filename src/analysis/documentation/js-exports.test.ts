import { describe, expect, it } from 'vitest';
import { parseJsSource } from '../shared/js-imports.js';
import { collectFileExports } from './js-exports.js';

const read = (name: string, text: string) => {
  const ex = collectFileExports(parseJsSource(name, text));
  return {
    declared: Object.fromEntries(
      [...ex.declared].map(([k, s]) => [k, `${s.name}/${s.kind}@${s.line}${s.documented ? '+doc' : ''}`]),
    ),
    forwards: Object.fromEntries(
      [...ex.forwards].map(([k, f]) => [k, `${f.specifier}#${f.importName}${f.documented ? '+doc' : ''}`]),
    ),
    stars: ex.stars,
  };
};

describe('collectFileExports: ES modules', () => {
  it('reads declarations, defaults, local export lists and forwards', () => {
    const text = [
      '/** @module */',
      'export function f(): void;', // overloads merge; the comment above is file-level
      '/** F. */',
      'export function f(x?: number): void {}',
      'export const a = 1, { b } = { b: 2 };',
      '/** Doc. */ export interface I {}',
      'class C {}',
      'import { imported as local } from "./dep.js";',
      '/** One name. */ export { C as D };',
      'export { local };',
      'export default function () {}',
      'export * from "./star.js";',
      'export * as ns from "./ns.js";',
      'export { x as y, z } from "./xz.js";',
    ].join('\n');
    expect(read('m.ts', text)).toEqual({
      declared: {
        f: 'f/function@2+doc',
        a: 'a/variable@5',
        b: 'b/variable@5',
        I: 'I/interface@6+doc',
        D: 'C/class@7+doc',
        default: 'default/function@11',
      },
      forwards: { local: './dep.js#imported', y: './xz.js#x', z: './xz.js#z' },
      stars: ['./star.js', './ns.js'],
    });
  });

  it('treats export default of an expression as one symbol with the statement comment', () => {
    expect(read('m.ts', '/** Config. */\nexport default { a: 1 };').declared).toEqual({
      default: 'default/symbol@2+doc',
    });
  });
});

describe('collectFileExports: CommonJS', () => {
  it('reads module.exports objects with local and required bindings', () => {
    const text = [
      "const { Queue } = require('./queue');",
      "const parse = require('./parse').parse;",
      "const all = require('./all');",
      '/** Local. */',
      'function local() {}',
      'module.exports = {',
      '  Queue,',
      '  parse,',
      '  all,',
      '  local,',
      '  /** Inline. */',
      '  inline: () => 1,',
      "  ...require('./spread'),",
      '};',
    ].join('\n');
    expect(read('index.js', text)).toEqual({
      declared: { local: 'local/function@5+doc', inline: 'inline/variable@12+doc' },
      forwards: { Queue: './queue#Queue', parse: './parse#parse', all: './all#*' },
      stars: ['./spread'],
    });
  });

  it('reads exports.x assignments, module.exports = require and = identifier', () => {
    expect(read('a.js', '/** A. */\nexports.a = function () {};\nmodule.exports.b = 2;').declared).toEqual({
      a: 'a/variable@2+doc',
      b: 'b/variable@3',
    });
    expect(read('b.js', "module.exports = require('./impl');").stars).toEqual(['./impl']);
    expect(read('c.js', '/** K. */\nclass K {}\nmodule.exports = K;').declared).toEqual({
      'module.exports': 'K/class@2+doc',
    });
  });
});
