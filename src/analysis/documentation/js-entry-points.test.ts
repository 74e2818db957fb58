import { describe, expect, it } from 'vitest';
import { findEntryPoints } from './js-entry-points.js';

const reader = (files: Record<string, string>) => async (p: string) => files[p] ?? null;

describe('findEntryPoints', () => {
  const sources = [
    'src/index.ts',
    'src/cli.ts',
    'src/plugins/a.ts',
    'src/plugins/b.ts',
    'lib/index.js',
    'index.d.ts',
    'index.js',
  ];

  it('maps exports, main and types from build output back to sources', async () => {
    const pkg = {
      main: './dist/index.js',
      types: './dist/index.d.ts',
      exports: {
        '.': { import: './dist/index.js' },
        './cli': './dist/cli.mjs',
        './package.json': './package.json',
      },
    };
    const found = await findEntryPoints(sources, reader({ 'package.json': JSON.stringify(pkg) }));
    expect(found).toEqual({ files: ['src/cli.ts', 'src/index.ts'], unmapped: [], problem: null });
  });

  it('uses tsconfig outDir/rootDir and subpath patterns', async () => {
    const pkg = { exports: { './plugins/*': './out/plugins/*.js', './internal/*': null } };
    const tsconfig = '{ // comment\n "compilerOptions": { "outDir": "./out", "rootDir": "./src" } }';
    const found = await findEntryPoints(
      sources,
      reader({ 'package.json': JSON.stringify(pkg), 'tsconfig.json': tsconfig }),
    );
    expect(found.files).toEqual(['src/plugins/a.ts', 'src/plugins/b.ts']);
  });

  it("defaults to Node's index.js and drops a .d.ts beside its code", async () => {
    const found = await findEntryPoints(sources, reader({ 'package.json': '{"types": "index.d.ts"}' }));
    expect(found.files).toEqual(['index.js']);
    const bare = await findEntryPoints(sources, reader({ 'package.json': '{}' }));
    expect(bare.files).toEqual(['index.js']);
  });

  it('says why when nothing maps', async () => {
    expect((await findEntryPoints(sources, reader({}))).problem).toBe('no package.json at the root');
    expect((await findEntryPoints(sources, reader({ 'package.json': '[1]' }))).problem).toBe(
      'package.json is not a valid JSON object',
    );
    const missing = await findEntryPoints(sources, reader({ 'package.json': '{"main": "nowhere/app.js"}' }));
    expect(missing).toEqual({
      files: [],
      unmapped: ['nowhere/app.js'],
      problem: 'no entry point of package.json maps to a source file (nowhere/app.js)',
    });
  });
});
