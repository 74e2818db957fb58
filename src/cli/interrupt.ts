/**
 * Ctrl-C and SIGTERM handling for long commands: the first signal aborts the run through an
 * AbortSignal (agents are aborted, their child processes' groups killed, partial work
 * cleaned up), the command returns exit code 130; a second signal has no handler left and
 * ends the process the default way.
 *
 * @module
 */

/** Where SIGINT / SIGTERM come from (the process; replaceable in tests). */
export interface SignalSource {
  once(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

/** Exit code of a run interrupted by SIGINT / SIGTERM. */
export const INTERRUPTED_EXIT_CODE = 130;

/** An abort signal tied to SIGINT / SIGTERM; call `dispose` when the run is over. */
export function interruptSignal(signals: SignalSource = process): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const stop = () => controller.abort(new Error('interrupted'));
  signals.once('SIGINT', stop);
  signals.once('SIGTERM', stop);
  return {
    signal: controller.signal,
    dispose() {
      signals.off('SIGINT', stop);
      signals.off('SIGTERM', stop);
    },
  };
}
