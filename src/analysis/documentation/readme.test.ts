import { describe, expect, it } from 'vitest';
import { checkReadme, findReadme } from './readme.js';

describe('findReadme', () => {
  it('finds a root README in any case and common extension', () => {
    expect(findReadme(['src/README.md', 'readme.rst', 'a.ts'])).toBe('readme.rst');
    expect(findReadme(['docs/README.md', 'READMEFIRST.txt'])).toBeNull();
  });
});

describe('checkReadme', () => {
  it.each([
    ['# x\n\n## Usage\n\nCall it.', true, false],
    ['# x\n\nExamples\n--------\n\ntext', true, false],
    ['# x\n\n```js\nrun()\n```', false, true],
    ['x\n=\n\n.. code-block:: python\n\n   run()', false, true],
    ['x\n\nRun this::\n\n    run()\n', false, true],
    ['= x\n\n[source,js]\n----\nrun()\n----', false, true],
    ['# x\n\n## Installation\n\nnpm i x\n', false, false],
  ])('%j -> usage section %s, code block %s', (text, usage, code) => {
    expect(checkReadme('README', text)).toEqual({
      path: 'README',
      hasUsageSection: usage,
      hasCodeBlock: code,
    });
  });
});
