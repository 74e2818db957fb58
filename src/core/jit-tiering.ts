/**
 * V8's tier-up of the CLI process: functions are optimised by TurboFan later than V8's default.
 *
 * V8 optimises a function once it has run about `--interrupt-budget` bytes of bytecode (67,584 on
 * Node 20); TurboFan then compiles it on background threads. A run of the CLI is short and mostly
 * loads and runs ESLint, TypeScript and their plugins once over some files, so much of that
 * compilation is for code that runs little longer: after a one-file change on luxon the V8
 * threads compiled for about 0.2 s of CPU, 16 % of the run. With {@link INTERRUPT_BUDGET} the
 * hot loops that run long (a cold run's lint and parse) are still optimised, only later.
 *
 * It only changes when V8 compiles, never what code does (a report is the same). V8 flags are
 * process-wide: the pool's worker threads get it too. V8 takes code from the compile cache only
 * when made under the same flags, so `compile-cache.ts` keeps the entries made with it apart
 * ({@link jitTieringTag}). It is set in the CLI's main thread (src/cli/run.ts) only, before any
 * module is compiled through the cache; a program that imports the library keeps V8's defaults.
 * `EMPATHY_JIT_TIERING=0`, or an `--interrupt-budget` of one's own on node's command line, leaves
 * V8's default.
 *
 * @module
 */
import v8 from 'node:v8';

/** Node 20's (V8 11.3) default `--interrupt-budget`. */
export const DEFAULT_INTERRUPT_BUDGET = 67_584;

/**
 * `--interrupt-budget` of the CLI: 8 times the default. luxon's static agents (interleaved rounds,
 * load 6-9): after a one-file change 1.39 s CPU with the default, 1.14 with 4x, 1.09 with 8x,
 * 1.08 with 16x; cold 7.5 s, 6.2, 6.1, 5.9.
 */
export const INTERRUPT_BUDGET = 8 * DEFAULT_INTERRUPT_BUDGET;

let applied: string | null = null;

/**
 * The V8 flag {@link tuneJitTiering} sets, or null when it sets none (`EMPATHY_JIT_TIERING=0`, or
 * node was started with an `--interrupt-budget` of its own).
 *
 * @example
 * jitTieringFlag({}, []); // '--interrupt-budget=540672'
 * jitTieringFlag({ EMPATHY_JIT_TIERING: '0' }, []); // null
 */
export function jitTieringFlag(env: NodeJS.ProcessEnv, execArgv: readonly string[]): string | null {
  if (env['EMPATHY_JIT_TIERING'] === '0') return null;
  if (execArgv.some((arg) => /^--interrupt[-_]budget\b/.test(arg))) return null;
  return `--interrupt-budget=${INTERRUPT_BUDGET}`;
}

/**
 * Sets {@link jitTieringFlag} for this process (once; later calls change nothing). Returns the
 * flag set, or null.
 *
 * @example
 * tuneJitTiering(); // '--interrupt-budget=540672'
 */
export function tuneJitTiering(env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv): string | null {
  if (applied !== null) return applied;
  const flag = jitTieringFlag(env, execArgv);
  if (flag !== null) {
    v8.setFlagsFromString(flag);
    applied = flag;
  }
  return flag;
}

/**
 * What sets the compile cache's entries of this process apart: `-ib<budget>` once
 * {@link tuneJitTiering} set the flag, else ''.
 *
 * @example
 * jitTieringTag(); // '-ib540672' in the CLI
 */
export function jitTieringTag(): string {
  return applied === null ? '' : `-ib${INTERRUPT_BUDGET}`;
}
