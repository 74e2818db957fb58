/**
 * Python parsing from Node with web-tree-sitter 0.25 and the grammar shipped in
 * tree-sitter-wasms (TOOL-FACTS: 0.27 cannot load those wasm files). The runtime and the
 * grammar load once per thread; parsers are cheap after that.
 *
 * @module
 */
import { createRequire } from 'node:module';
import v8 from 'node:v8';
import { isMainThread } from 'node:worker_threads';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';

const require = createRequire(import.meta.url);
let loading: Promise<Language> | undefined;

/**
 * Whether this thread compiles tree-sitter's wasm with Liftoff alone (V8's baseline compiler, no
 * tier-up to TurboFan): on the main thread, unless node was started with a Liftoff flag of its
 * own. The main thread parses only small jobs (the files of a one-file change; whole trees go to
 * worker threads), which end before TurboFan's code pays for its compilation: one 300-line file
 * parsed and walked four times takes about 40 ms of CPU with Liftoff alone against 150 ms with
 * tier-up (compiled on V8's background threads), 40 such files 315 against 425 ms. Workers keep
 * the tier-up: a cold run of click without it took as much CPU but 0.3 s more wall time.
 *
 * @example
 * liftoffOnlyHere(true, []); // true
 * liftoffOnlyHere(true, ['--no-liftoff']); // false
 */
export function liftoffOnlyHere(mainThread: boolean, execArgv: readonly string[]): boolean {
  return mainThread && !execArgv.some((arg) => arg.includes('liftoff'));
}

async function loadPython(): Promise<Language> {
  // V8 reads the flag when a module is compiled (its code keeps the tier chosen then), and it is
  // process-wide: it is set for the two compiles of this load alone. A worker thread that compiles
  // its own copy in that moment gets Liftoff alone too: slower code, the same trees.
  const liftoffOnly = liftoffOnlyHere(isMainThread, process.execArgv);
  if (liftoffOnly) v8.setFlagsFromString('--liftoff-only');
  try {
    await Parser.init();
    const wasmPath = require.resolve('tree-sitter-wasms/out/tree-sitter-python.wasm');
    return await Language.load(wasmPath);
  } finally {
    if (liftoffOnly) v8.setFlagsFromString('--no-liftoff-only');
  }
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
 * The trees of the last few texts parsed on this thread. The analysers of one run parse the same
 * file one after another (security rules, lint, complexity, docstrings): after a one-file change
 * they all run on the main thread, where the first parses of a process run in unoptimised wasm
 * (20-100 ms each for a 300-line file), so the later ones get a copy of the first tree.
 */
const recent: { source: string; tree: Tree }[] = [];
const RECENT_TREES = 4;

/**
 * Parses Python source text. The caller must `tree.delete()` when done with a large
 * number of trees (wasm memory is not garbage-collected). A text parsed moments ago on this
 * thread gives a copy of its tree (`Tree.copy`, a shared immutable tree): the same tree a parse
 * gives.
 *
 * @example
 * const tree = await parsePython('import os\n');
 * tree.rootNode.type; // 'module'
 * tree.delete();
 */
export async function parsePython(source: string): Promise<Tree> {
  const language = await pythonLanguage();
  const known = recent.find((r) => r.source === source);
  if (known) return known.tree.copy();
  const parser = new Parser();
  try {
    parser.setLanguage(language);
    const tree = parser.parse(source);
    if (!tree) throw new Error('tree-sitter returned no tree');
    recent.push({ source, tree });
    if (recent.length > RECENT_TREES) recent.shift()!.tree.delete();
    return tree.copy();
  } finally {
    parser.delete();
  }
}

/**
 * The descendants of `root` of each of `types`, each list in document order (what
 * `root.descendantsOfType(type)` gives), from one traversal of the tree instead of one per type.
 *
 * @example
 * const byType = descendantsByType(tree.rootNode, ['call', 'import_statement']);
 * byType.get('call'); // the calls, in document order
 */
export function descendantsByType(root: Node, types: readonly string[]): Map<string, Node[]> {
  const byType = new Map<string, Node[]>(types.map((type) => [type, []]));
  for (const node of root.descendantsOfType([...types])) if (node) byType.get(node.type)?.push(node);
  return byType;
}
