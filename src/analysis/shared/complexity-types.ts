/**
 * Types of the per-function complexity measurement shared by the quality and refactoring
 * analysers (see docs/quality-score.md for how each metric is counted).
 *
 * @module
 */

/** Complexity figures of one function, method, arrow function or lambda. */
export interface FunctionMetrics {
  /** Path relative to the project root, `/` separators. */
  file: string;
  /** Best-effort name: `name`, `Class.method`, the variable or property it is assigned to, or `<anonymous>`. */
  name: string;
  /** 1-based first line of the function (its first token). */
  line: number;
  /** 1-based last line of the function. */
  endLine: number;
  /** Lines spanned, `endLine - line + 1`. */
  lines: number;
  /** Cognitive complexity of the function's own code (nested functions are measured on their own). */
  cognitive: number;
  /** Cyclomatic complexity (1 + decision points) of the function's own code. */
  cyclomatic: number;
}

/** The functions of one file, or why the file could not be measured. */
export interface FileMetrics {
  file: string;
  functions: FunctionMetrics[];
  /** Set when the file could not be read or parsed; `functions` is then empty. */
  error?: string;
}

/** A file to measure: where it is and how to parse it. */
export interface ComplexityInput {
  /** Path relative to the project root (used in the results). */
  path: string;
  /** Absolute path, read by the measuring code. */
  absolutePath: string;
  language: 'typescript' | 'javascript' | 'python';
}
