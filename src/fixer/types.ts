/**
 * Types of the code fixer: a proposed fix is a whole-file replacement (the patch is derived
 * from it), never an edit in place; verification decides which ones are kept.
 *
 * @module
 */

/** Where a fix came from. */
export type FixSource = 'eslint' | 'table' | 'model';

/** One finding a fix removes: the rule and how many of its messages in the file. */
export interface FixedFinding {
  rule: string;
  count: number;
}

/** A proposed fix of one file. */
export interface ProposedFix {
  /** Stable id, e.g. `eslint:src/a.js` or `table:py-yaml-safe-load:app.py`. */
  id: string;
  source: FixSource;
  /** Path relative to the project root. */
  file: string;
  /** One line saying what changes. */
  description: string;
  /** The findings (rule and count) the fix removes, as the checker that raised them reports them. */
  fixes: FixedFinding[];
  /** The file's text before and after. */
  before: string;
  after: string;
}

/** Why a fix was not kept. */
export type FixRejectionReason =
  | 'finding_remains'
  | 'new_finding'
  | 'tests_fail'
  | 'not_verified'
  /** A model's answer that is not a usable patch (no valid JSON, text not in the file, no change). */
  | 'malformed_patch'
  /** Overlaps another fix of the same file that was kept first. */
  | 'conflict';

/** A fix that was not kept. */
export interface RejectedFix {
  fix: ProposedFix;
  reason: FixRejectionReason;
  /** The detail: the finding still there, the new rule, the failing tests. */
  detail: string;
}

/** What applying a fix needs: the file, its text the fix was made from, and its new text. */
export type FileChange = Pick<ProposedFix, 'file' | 'before' | 'after'>;

/** What verification decided. */
export interface FixVerification {
  kept: ProposedFix[];
  /** The kept fixes merged into one change per file (what the patch and `--apply` write). */
  changes: FileChange[];
  rejected: RejectedFix[];
  /** The test command run before and after (null when the project has no test run). */
  testCommand: string | null;
  /** Notes: what could not be checked and why. */
  notes: string[];
}
