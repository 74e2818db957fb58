import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { warmUpAnalysers } from './warm-up.js';
import { pythonLanguage } from './python-parser.js';

const require = createRequire(import.meta.url);
const loaded = (name: string) => Object.keys(require.cache).some((file) => file.includes(`/node_modules/${name}/`));

describe('warmUpAnalysers', () => {
  it('loads nothing for a project without code', async () => {
    await warmUpAnalysers(new Set());
    expect(loaded('eslint-plugin-security')).toBe(false);
  });

  it('loads TypeScript, ESLint and its plugins for JS/TS, and the tree-sitter grammar for Python', async () => {
    await warmUpAnalysers(new Set(['javascript', 'python']));
    for (const name of ['typescript', 'eslint', 'eslint-plugin-security', 'eslint-plugin-no-unsanitized', 'eslint-plugin-sonarjs'])
      expect(loaded(name), name).toBe(true);
    const before = pythonLanguage();
    await warmUpAnalysers(new Set(['python'])); // once per process: the same grammar
    expect(pythonLanguage()).toBe(before);
    expect((await before).nodeTypeCount).toBeGreaterThan(100); // the Python grammar, loaded
  });
});
