/**
 * Types of the baseline lint pass of the quality analyser.
 *
 * @module
 */
import type { LintSeverity } from './lint-rules.js';

/** One lint finding of the baseline rule set. */
export interface LintMessage {
  /** Path relative to the project root. */
  file: string;
  line: number;
  column: number;
  /** Rule id, or `parse-error` when the file could not be parsed. */
  rule: string;
  severity: LintSeverity;
  message: string;
}

/** A file for the lint pass. */
export interface LintInput {
  path: string;
  absolutePath: string;
  language: 'typescript' | 'javascript' | 'python';
}

/** What the lint pass returns. */
export interface LintResult {
  messages: LintMessage[];
  /** Files linted (JS/TS through ESLint, Python through our tree-sitter rules). */
  filesLinted: number;
  /** Versions of the linting tools, e.g. `{ eslint: '9.39.5' }`. */
  versions: Record<string, string>;
}
