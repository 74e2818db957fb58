import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { buildProjectIndex } from './index.js';
import { indexedPaths as paths, treeStore, type TreeSpec } from './temp-tree.test-helper.js';

const trees = treeStore();
const tree = (spec: TreeSpec) => trees.tree(spec);
afterEach(() => trees.removeAll());

const builtOnly: TreeSpec = {
  'package.json': JSON.stringify({
    name: 'only-built',
    main: 'dist/index.js',
    module: 'dist/index.mjs',
    exports: { '.': { types: './index.d.ts', import: './dist/index.mjs', require: './dist/index.js' }, './lite': './build/lite.js', './esm': './dist/esm.mjs' },
    bin: { tool: 'dist/cli.js' },
  }),
  'index.d.ts': 'export declare const x: number;',
  'dist/index.js': "'use strict';\nconst util = require('./util');\nexports.x = util.one;\n",
  'dist/util.js': "exports.one = 1;\n",
  'dist/index.mjs': "export { one as x } from './index-chunk.mjs';\n",
  'dist/index-chunk.mjs': 'export const one = 1;\n',
  'dist/esm.mjs': "export { one as x } from './chunk.mjs';\n",
  'dist/chunk.mjs': 'export const one = 1;\n',
  'dist/index.min.js': 'exports.x=1',
  'dist/unrelated.js': 'exports.y = 2;\n',
  'dist/cli.js': '#!/usr/bin/env node\nconsole.log(1);\n',
  'build/lite.js': 'exports.lite = true;\n',
};

describe('buildProjectIndex: shippedEntries', () => {
  it('indexes the entry files a package ships in dist/ and build/, one build per entry, and what they load there; nothing else of dist/', async () => {
    const root = await tree(builtOnly);
    expect(paths(await buildProjectIndex(root, { cache: false }))).toEqual(['index.d.ts', 'package.json']);
    const index = await buildProjectIndex(root, { cache: false, shippedEntries: true });
    expect(paths(index)).toEqual([
      'build/lite.js',
      'dist/chunk.mjs',
      'dist/cli.js',
      'dist/esm.mjs',
      'dist/index.js',
      'dist/util.js',
      'index.d.ts',
      'package.json',
    ]);
    expect(index.selection?.shippedEntries).toBe(true);
    expect(index.languages.javascript?.files).toBe(6);
  });

  it('leaves out a built copy whose source map leads to sources in the tree, and the exclude globs still apply', async () => {
    const root = await tree({
      'package.json': JSON.stringify({ main: 'dist/index.js', exports: { './other': './dist/other.js' } }),
      'src/index.ts': 'export const x = 1;\n',
      'dist/index.js': 'exports.x = 1;\n//# sourceMappingURL=index.js.map\n',
      'dist/index.js.map': JSON.stringify({ version: 3, sources: ['../src/index.ts'], mappings: '' }),
      'dist/other.js': 'exports.o = 1;\n',
      'dist/other.js.map': JSON.stringify({ version: 3, sources: ['../src/other.ts'], mappings: '' }),
    });
    // other.ts is not in the tree: dist/other.js is what the package ships.
    expect(paths(await buildProjectIndex(root, { cache: false, shippedEntries: true }))).toEqual(['dist/other.js', 'package.json', 'src/index.ts']);
    expect(paths(await buildProjectIndex(root, { cache: false, shippedEntries: true, exclude: ['dist/**'] }))).toEqual(['package.json', 'src/index.ts']);
  });

  it('inside a git work tree, leaves out untracked build output (the repository builds it itself)', async (context) => {
    const root = await tree({
      'package.json': JSON.stringify({ main: 'dist/index.js', exports: { './lite': './dist/lite.js' } }),
      'dist/index.js': 'exports.x = 1;\n',
      'dist/lite.js': 'exports.l = 1;\n',
    });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: root, stdio: 'pipe' });
    try {
      git('init', '-q');
      git('add', 'package.json', 'dist/lite.js');
    } catch {
      context.skip('git is not installed: tracked-file check skipped');
    }
    expect(paths(await buildProjectIndex(root, { cache: false, shippedEntries: true }))).toEqual(['dist/lite.js', 'package.json']);
  });
});
