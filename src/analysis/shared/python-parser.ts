/**
 * Python parsing from Node with web-tree-sitter 0.25 and the grammar shipped in
 * tree-sitter-wasms (TOOL-FACTS: 0.27 cannot load those wasm files). The runtime and the
 * grammar load once per process; parsers are cheap after that.
 *
 * @module
 */
import { createRequire } from 'node:module';
import { Language, Parser, type Tree } from 'web-tree-sitter';

const require = createRequire(import.meta.url);
let loading: Promise<Language> | undefined;

async function loadPython(): Promise<Language> {
  await Parser.init();
  const wasmPath = require.resolve('tree-sitter-wasms/out/tree-sitter-python.wasm');
  return Language.load(wasmPath);
}

/** The tree-sitter Python grammar, loaded once per process. */
export function pythonLanguage(): Promise<Language> {
  loading ??= loadPython().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/**
 * Parses Python source text. The caller must `tree.delete()` when done with a large
 * number of trees (wasm memory is not garbage-collected).
 *
 * @example
 * const tree = await parsePython('import os\n');
 * tree.rootNode.type; // 'module'
 * tree.delete();
 */
export async function parsePython(source: string): Promise<Tree> {
  const language = await pythonLanguage();
  const parser = new Parser();
  try {
    parser.setLanguage(language);
    const tree = parser.parse(source);
    if (!tree) throw new Error('tree-sitter returned no tree');
    return tree;
  } finally {
    parser.delete();
  }
}
