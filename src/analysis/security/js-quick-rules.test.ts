import { describe, expect, it } from 'vitest';
import { maskJs, quickJsFindings } from './js-quick-rules.js';

const rules = (text: string) =>
  quickJsFindings('a.js', text).map((f) => `${f.line}:${f.column}:${f.rule}:${f.severity}`);

describe('JS quick rules (CHEAP)', () => {
  it('masks comments and strings, keeping offsets and newlines', () => {
    const text = 'a("x//y"); // eval(z)\n/* eval(q) */ b';
    const masked = maskJs(text, false);
    expect(masked.length).toBe(text.length);
    expect(masked).toBe('a("    "); ' + ' '.repeat(10) + '\n' + ' '.repeat(13) + ' b');
    expect(maskJs(text, true).startsWith('a("x//y");')).toBe(true);
  });

  it.each([
    ['eval of a variable', 'const r = eval(input);', ['1:11:js-quick/eval:high']],
    ['eval of a literal', 'eval("1 + 1");', []],
    ['eval in a comment or string', '// eval(x)\nconst s = "eval(x)";', []],
    ['method named eval', 'vm.eval(code);', []],
    ['new Function', 'const f = new Function("a", body);', ['1:11:js-quick/new-function:high']],
    ['require child_process', "const cp = require('child_process');", ['1:12:js-quick/child-process:medium']],
    [
      'import node:child_process',
      "import { exec } from 'node:child_process';",
      ['1:17:js-quick/child-process:medium'],
    ],
    ['innerHTML from data', "el.innerHTML = '<b>' + name + '</b>';", ['1:3:js-quick/inner-html:high']],
    ['innerHTML cleared with a literal', "el.innerHTML = '';", []],
    ['innerHTML compared', 'if (el.innerHTML === x) {}', []],
  ])('%s', (_name, text, expected) => {
    expect(rules(text)).toEqual(expected);
  });
});
