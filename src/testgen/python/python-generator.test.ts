import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { skipNote, testPython as python } from '../../core/optional-programs.test-helper.js';
import { cleanupCopies, copyFixtures } from '../../analysis/coverage/fixture-copy.test-helper.js';
import { runCommand } from '../../core/run-command.js';
import { buildProjectIndex } from '../../project/index.js';
import type { Gap, GenerationContext } from '../types.js';
import { emitPytestFile } from './emit.js';
import { offlinePythonGenerator } from './generator.js';

afterAll(cleanupCopies);

describe('emitPytestFile', () => {
  it('consumes iterators as the explorer did, constructs through factories, replays documentation blocks', () => {
    const text = emitPytestFile(
      [
        {
          test: { kind: 'call', module: 'pkg', access: ['count'], args: ['3'] },
          outcome: { result: { type: 'return', expr: '[3, 2, 1]', kind: 'generator', iter: -1, len: 3 } },
        },
        {
          test: { kind: 'call', module: 'pkg', access: ['count'], args: ['-1'] },
          outcome: { result: { type: 'return', expr: null, kind: 'generator', iter: 20, len: 20 } },
        },
        {
          test: { kind: 'call', module: 'pkg._impl', access: ['count'], args: ['None'] },
          outcome: { result: { type: 'throw', name: 'TypeError', message: 'bad', native: true, iter: 21 } },
        },
        {
          test: {
            kind: 'scenario',
            module: 'pkg',
            access: ['Stack'],
            ctorArgs: ['"a,b"'],
            factory: 'from_text',
            steps: [
              { op: 'call', name: 'pop', args: [] },
              { op: 'get', name: 'size' },
            ],
          },
          outcome: {
            ctor: { type: 'return', expr: null, kind: 'Stack' },
            steps: [
              { type: 'return', expr: "'b'", kind: 'str' },
              { type: 'return', expr: '1', kind: 'int' },
            ],
          },
        },
        {
          test: {
            kind: 'scenario',
            module: 'pkg',
            access: ['Cache'],
            ctorArgs: ['2'],
            steps: [
              { op: 'setitem', args: ['"a"', '1'] },
              { op: 'getitem', args: ['"b"'] },
              { op: 'contains', args: ['"a"'] },
              { op: 'len', args: [] },
              { op: 'iter', args: [] },
              { op: 'delitem', args: ['"a"'] },
            ],
          },
          outcome: {
            ctor: { type: 'return', expr: null, kind: 'Cache' },
            steps: [
              { type: 'return', expr: 'None', kind: 'NoneType' },
              { type: 'throw', name: 'KeyError', message: "'b'", native: true },
              { type: 'return', expr: 'True', kind: 'bool' },
              { type: 'return', expr: '1', kind: 'int' },
              { type: 'return', expr: '["a"]', kind: 'dict_keyiterator', iter: -1, len: 1 },
              { type: 'return', expr: 'None', kind: 'NoneType' },
            ],
          },
        },
        {
          test: {
            kind: 'doc',
            name: 'README',
            imports: ['from pkg import Stack'],
            lines: ['s = Stack([])\n', 's.pop()\n', 'for i in range(2):\n    s.push(i)\n', 's.size\n'],
            exprs: [null, 's.pop()', null, 's.size'],
          },
          outcome: {
            steps: [
              { type: 'return', expr: 'None', kind: 'NoneType' },
              { type: 'throw', name: 'IndexError', message: 'empty', native: false },
              { type: 'return', expr: 'None', kind: 'NoneType' },
              { type: 'return', expr: '2', kind: 'int' },
            ],
          },
        },
      ],
      { sourceFile: 'pkg/_impl.py', module: 'pkg._impl' },
    );
    expect(text).toContain('import itertools\n\nimport pytest\n\nimport pkg\nimport pkg._impl\n');
    expect(text).toContain('def test_count_1():\n    assert list(pkg.count(3)) == [3, 2, 1]\n');
    expect(text).toContain(
      'def test_count_2():\n    assert len(list(itertools.islice(pkg.count(-1), 20))) == 20\n',
    );
    expect(text).toContain(
      '    with pytest.raises(BaseException) as info:\n        list(itertools.islice(pkg._impl.count(None), 21))\n    assert type(info.value).__name__ == "TypeError"\n',
    );
    expect(text).toContain(
      'def test_Stack_1():\n    obj = pkg.Stack.from_text("a,b")\n    assert type(obj).__name__ == "Stack"\n    assert obj.pop() == \'b\'\n    assert obj.size == 1\n',
    );
    // Container protocol steps: statements for item assignment and deletion, assertions for the rest.
    expect(text).toContain(
      'def test_Cache_1():\n    obj = pkg.Cache(2)\n    assert isinstance(obj, pkg.Cache)\n    obj["a"] = 1\n    with pytest.raises(BaseException) as info:\n        obj["b"]\n    assert type(info.value).__name__ == "KeyError"\n    assert str(info.value) == "\'b\'"\n    assert ("a" in obj) is True\n    assert len(obj) == 1\n    assert list(iter(obj)) == ["a"]\n    del obj["a"]\n',
    );
    expect(text).toContain(
      'def test_doc_README_1():\n    from pkg import Stack\n    s = Stack([])\n    with pytest.raises(BaseException) as info:\n        s.pop()\n    assert type(info.value).__name__ == "IndexError"\n    assert str(info.value) == "empty"\n    for i in range(2):\n        s.push(i)\n    assert s.size == 2\n',
    );
  });
});

describe.skipIf(!python.interpreter)(
  `offline Python generator on a package whose API lives in a private module${skipNote(!python.interpreter, 'python', 'Python 3 with pytest and coverage.py', python.tried.join('; '))}`,
  () => {
    it('imports through the package, replays docstring and README examples, uses the factory, skips the hung call; the file passes pytest', async () => {
      const root = await copyFixtures(['py-testgen-api']);
      const index = await buildProjectIndex(root);
      const workDir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'empathy-pygen-test-')));
      const context: GenerationContext = {
        root: index.root,
        index,
        workDir,
        signal: new AbortController().signal,
        deadline: Date.now() + 60_000,
        memoryMb: 2048,
        reservedPaths: new Set(index.files.map((f) => f.path)),
        memo: new Map(),
        maxFiles: 100,
      };
      const gap: Gap = {
        path: 'pkgapi/_impl.py',
        language: 'python',
        uncoveredLines: [],
        uncovered: 30,
        linesTotal: 35,
        pct: 14,
        functions: [],
        priority: false,
        score: 30,
      };
      try {
        const result = await offlinePythonGenerator.generate(gap, context);
        const candidate = result.candidates[0];
        expect(candidate?.testFile).toBe('tests/test_generated_pkgapi__impl.py');
        const text = candidate?.content ?? '';
        // The public API as a user reaches it: through the package, not its private module.
        expect(text).toMatch(/^import pkgapi$/m);
        expect(text).not.toMatch(/^import pkgapi\._impl/m);
        // The docstring example and the README example, asserted on what they returned.
        expect(text).toContain(
          "def test_doc_slugify_1():\n    from pkgapi import slugify\n    assert slugify('Hello World') == 'hello-world'\n",
        );
        expect(text).toContain(
          'def test_doc_README_1():\n    from pkgapi import Stack\n    s = Stack.from_text("a,b")\n    assert s.push(\'c\') == 3\n',
        );
        // A generator is consumed; the keyword-only constructor parameter is passed by name.
        expect(text).toMatch(/assert list\(pkgapi\.countdown\(\d+\)\) == \[/);
        expect(text).toMatch(/obj = pkgapi\.Stack\(\[[^\]]*\], limit=/);
        // spin(None) and spin(-1) never return: recorded and skipped within the per-call deadline,
        // and spin gets no more calls after three of them hung.
        expect(result.notes).toContainEqual(
          expect.stringMatching(/^pkgapi\/_impl\.py: skipped 3 call\(s\) that ran over 250 ms \(spin\(/),
        );
        expect(text).not.toMatch(/spin\((None|-1)\)/);
        await fs.writeFile(path.join(root, candidate?.testFile ?? ''), text);
        const run = await runCommand(
          python.interpreter?.path ?? 'python3',
          ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', candidate?.testFile ?? ''],
          {
            cwd: root,
            timeoutMs: 120_000,
            env: { PYTHONDONTWRITEBYTECODE: '1' },
          },
        );
        expect(run.exitCode, run.stdout).toBe(0);
      } finally {
        await fs.rm(workDir, { recursive: true, force: true });
      }
    });
  },
);
