/**
 * The JSON records exchanged with the JS harness (`harness.cjs`).
 *
 * @module
 */

/**
 * A returned readable stream, read to its end: after writing `input` (an array expression) to
 * it when it is writable too, else null.
 */
export interface StreamRead {
  input: string | null;
}

/**
 * What one call or step did. Expressions are JavaScript source text. With `stream`, the call
 * returned a stream and the outcome is what reading it gave (its output, or its error).
 */
export type Outcome =
  | { type: 'return'; expr: string | null; kind: string; async?: boolean; stream?: StreamRead }
  | { type: 'throw'; name: string | null; message: string | null; expr?: string | null; native: boolean; async?: boolean; stream?: StreamRead }
  | { type: 'pending' }
  | { type: 'hung' };

/** A step of a class scenario. */
export type ScenarioStep =
  | { op: 'call'; name: string; args: string[] }
  | { op: 'invoke'; name: string; args: string[] }
  | { op: 'get'; name: string }
  | { op: 'state'; name?: string };

/**
 * A generated test: one call of an exported function, or a class scenario. `timers: 'fake'`:
 * it runs under fake timers (every call is followed by running the timers it armed).
 */
export type HarnessTest =
  | { kind: 'call'; access: string[]; args: string[]; timers?: 'fake' }
  | { kind: 'scenario'; access: string[]; ctorArgs: string[]; steps: ScenarioStep[]; factory?: boolean; timers?: 'fake' };

/** Outcomes of one test: `result` for a call; `ctor` and `steps` for a scenario. */
export interface HarnessOutcome {
  result?: Outcome;
  ctor?: Outcome;
  steps?: Outcome[];
}

/** A kept test with what it did. */
export interface ObservedTest {
  test: HarnessTest;
  outcome: HarnessOutcome;
}
