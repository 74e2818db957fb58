import { describe, expect, it } from 'vitest';
import { parsePython } from './python-parser.js';

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
});
