/**
 * Warming a long-lived process for the run after a change (`release-prep --watch`): a run served
 * from the cache loads neither ESLint, TypeScript nor tree-sitter, so the first run after a change
 * would load them while the user waits (0.3-0.5 s of CPU on luxon and commander.js). While the
 * watch waits for a change, it loads what the project's languages need instead. Loading changes
 * no result: the runs import the same modules, already in the module cache.
 *
 * @module
 */
import type { Language } from '../../project/types.js';

/**
 * Loads the analysers' heavy modules for `languages` (once per process; later calls cost nothing).
 *
 * @example
 * await warmUpAnalysers(new Set(['javascript']));
 */
export async function warmUpAnalysers(languages: ReadonlySet<Language>): Promise<void> {
  if (languages.has('javascript') || languages.has('typescript')) {
    await import('./typescript.js');
    await (await import('./eslint-pass.js')).preloadEslintPass();
  }
  if (languages.has('python')) await (await import('./python-parser.js')).pythonLanguage();
}
