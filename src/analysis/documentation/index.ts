/**
 * The documentation analyser (id `documentation`): doc coverage of public symbols (JS/TS through
 * entry points and re-exports, Python docstrings) and the README check.
 *
 * @module
 */
export { documentationAnalyzer } from './analyzer.js';
export {
  computeDocumentation,
  type DocumentationComputed,
  type DocumentationFigures,
  type LanguageDocFigures,
} from './compute.js';
export { findEntryPoints, type EntryPoints } from './js-entry-points.js';
export { checkReadme, findReadme, type ReadmeCheck } from './readme.js';
