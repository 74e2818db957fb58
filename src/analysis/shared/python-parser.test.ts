import v8 from 'node:v8';
import { describe, expect, it, vi } from 'vitest';
import { liftoffOnlyHere, parsePython } from './python-parser.js';

describe('the wasm compile tier', () => {
  it('is Liftoff alone on the main thread, unless node was given a Liftoff flag; worker threads keep the tier-up', () => {
    expect(liftoffOnlyHere(true, [])).toBe(true);
    expect(liftoffOnlyHere(true, ['--max-old-space-size=4096'])).toBe(true);
    expect(liftoffOnlyHere(false, [])).toBe(false);
    expect(liftoffOnlyHere(true, ['--liftoff-only'])).toBe(false);
    expect(liftoffOnlyHere(true, ['--no-liftoff'])).toBe(false);
  });

  it('sets --liftoff-only for the load alone on the main thread (test files run in forks)', async () => {
    vi.resetModules();
    const flags = vi.spyOn(v8, 'setFlagsFromString');
    try {
      const fresh = await import('./python-parser.js');
      const tree = await fresh.parsePython('x = 1\n');
      expect(tree.rootNode.type).toBe('module');
      tree.delete();
      expect(flags.mock.calls).toEqual([['--liftoff-only'], ['--no-liftoff-only']]);
    } finally {
      flags.mockRestore();
    }
  });
});

describe('parsePython', () => {
  it('parses functions and calls', async () => {
    const tree = await parsePython('def f(x):\n    return eval(x)\n');
    const root = tree.rootNode;
    expect(root.type).toBe('module');
    const fn = root.namedChildren[0];
    expect(fn?.type).toBe('function_definition');
    expect(fn?.childForFieldName('name')?.text).toBe('f');
    const calls = root.descendantsOfType('call');
    expect(calls.map((c) => c?.childForFieldName('function')?.text)).toEqual(['eval']);
    expect(calls[0]?.startPosition.row).toBe(1);
    tree.delete();
  });

  it('marks syntax errors instead of throwing', async () => {
    const tree = await parsePython('def broken(:\n');
    expect(tree.rootNode.hasError).toBe(true);
    tree.delete();
  });

  it('the same text parsed again gives an equal tree that lives on when the other copies are deleted', async () => {
    const source = 'import os\n\n\ndef g(a):\n    return os.path.join(a, "b")\n';
    const first = await parsePython(source);
    const again = await parsePython(source);
    expect(again).not.toBe(first);
    expect(again.rootNode.toString()).toBe(first.rootNode.toString());
    first.delete();
    // Other texts push the first tree out of the recent ones (and delete it there).
    for (let i = 0; i < 6; i += 1) (await parsePython(`x = ${i}\n`)).delete();
    expect(again.rootNode.descendantsOfType('call').map((c) => c?.text)).toEqual(['os.path.join(a, "b")']);
    again.delete();
    const third = await parsePython(source);
    expect(third.rootNode.toString()).toContain('function_definition');
    third.delete();
  });
});
