import { describe, expect, it } from 'vitest';
import { codeLines } from './code-lines.js';

describe('codeLines', () => {
  it('drops blank, line-comment and block-comment lines; keeps code after a comment closes', () => {
    const source = ["'use strict';", '', '/**', ' * doc', ' */', 'const a = 1; // trailing', '/* x */ const b = 2;', '  // only', '}'].join('\n');
    expect([...codeLines(source)]).toEqual([1, 6, 7, 9]);
  });

  it('comment markers inside strings and templates are code; multi-line templates count on every line', () => {
    const source = ['const url = "http://x";', "const s = '/* no */';", 'const t = `a', '// inside template', 'b`;'].join('\n');
    expect([...codeLines(source)]).toEqual([1, 2, 3, 4, 5]);
  });

  it('a shebang line is not code', () => {
    expect([...codeLines('#!/usr/bin/env node\nrun();\n')]).toEqual([2]);
  });
});
