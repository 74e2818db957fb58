/**
 * The JSON records exchanged with the Python explorer (`explore.py`).
 *
 * @module
 */

/** What one call, step or documented statement did. Expressions are Python source text. */
export type PyOutcome =
  | {
      type: 'return';
      expr: string | null;
      kind: string;
      /** An iterator consumed by the explorer: -1 when it ended, else the bound it was cut at. */
      iter?: number;
      /** Items the consumed iterator gave (up to the bound). */
      len?: number;
    }
  | {
      type: 'throw';
      name: string | null;
      message: string | null;
      native: boolean;
      /** Raised while the returned iterator was consumed, up to this many items. */
      iter?: number;
    }
  | { type: 'pending' }
  | { type: 'hung' };

/** A step of a class scenario. */
export type PyStep =
  | { op: 'call'; name: string; args: string[] }
  | { op: 'get'; name: string }
  /** Container protocols: `obj[k] = v`, `obj[k]`, `del obj[k]`, `k in obj`, `len(obj)`, `iter(obj)`. */
  | { op: 'setitem' | 'getitem' | 'delitem' | 'contains' | 'len' | 'iter'; args: string[] };

/**
 * A generated test: one call of a function, a class scenario (constructor or factory
 * classmethod, then steps), or a documentation example block (its import lines, its statements,
 * and for each statement that is one expression the form that can stand left of `==`).
 * `module` is what the test imports, `access` the path from it (the package when it exports
 * the target, as a user reaches it).
 */
export type PyTest =
  | { kind: 'call'; module: string; access: string[]; args: string[] }
  | {
      kind: 'scenario';
      module: string;
      access: string[];
      ctorArgs: string[];
      factory?: string;
      steps: PyStep[];
    }
  | { kind: 'doc'; name: string; imports: string[]; lines: string[]; exprs: (string | null)[] };

/** Outcomes of one test: `result` for a call; `ctor` and `steps` for a scenario; `steps` for a doc block. */
export interface PyTestOutcome {
  result?: PyOutcome;
  ctor?: PyOutcome;
  steps?: PyOutcome[];
}

/** A kept test with what it did. */
export interface PyObservedTest {
  test: PyTest;
  outcome: PyTestOutcome;
}
