/**
 * A live progress display on stderr for a TTY: which agents are running (with their
 * elapsed time and, for the coverage agent, its test run's own progress) and which are done. It draws nothing unless enabled, and erases itself
 * when stopped, so it never mixes into reports.
 *
 * @module
 */
import { formatTestProgress, type TestProgress } from '../analysis/test-runner/progress.js';
import type { CliIO } from './types.js';

/** Events the display understands (the release-prep and test-coverage workflows emit them). */
export type ProgressEvent =
  | { type: 'agent_start'; agentId: string; tier: string }
  | { type: 'agent_done'; agentId: string; success: boolean; durationSeconds: number }
  | { type: 'agent_progress'; agentId: string; part: string; progress: TestProgress };

interface Row {
  agentId: string;
  tier: string;
  started: number;
  done?: { success: boolean; seconds: number };
  /** The latest progress of the agent's test runs, by part (`JS/TS`, `Python`), as the runner reported it. */
  tests: Map<string, TestProgress>;
}

/** ` · tests 45% of 120`, or one phrase per part when a mixed repository runs two suites. */
function testsPhrase(row: Row): string {
  const phrases = [...row.tests].map(([part, p]) => (row.tests.size > 1 ? `${part}: ` : '') + formatTestProgress(p));
  return phrases.length > 0 ? ` · ${phrases.join(' · ')}` : '';
}

/** A progress display; `onEvent` is the workflow's `onProgress`. */
export interface ProgressDisplay {
  onEvent(event: ProgressEvent): void;
  stop(): void;
}

const NOOP: ProgressDisplay = { onEvent: () => undefined, stop: () => undefined };

/** Creates a display that draws on `io.stderr` when `enabled`, else a no-op. */
export function createProgressDisplay(io: CliIO, enabled: boolean, title: string): ProgressDisplay {
  if (!enabled) return NOOP;
  const rows = new Map<string, Row>();
  const started = performance.now();
  let drawn = 0;
  const draw = () => {
    const now = performance.now();
    const lines = [`${title} ${((now - started) / 1000).toFixed(1)}s`];
    for (const row of rows.values()) {
      lines.push(
        row.done
          ? `  ${row.done.success ? '✅' : '❌'} ${row.agentId} (${row.tier}) ${row.done.seconds.toFixed(2)}s`
          : `  ⏳ ${row.agentId} (${row.tier}) running ${((now - row.started) / 1000).toFixed(1)}s${testsPhrase(row)}`,
      );
    }
    io.stderr(`${drawn > 0 ? `\u001b[${drawn}F` : ''}${lines.map((l) => `\u001b[2K${l}`).join('\n')}\n`);
    drawn = lines.length;
  };
  const timer = setInterval(draw, 200);
  timer.unref();
  draw();
  return {
    onEvent(event) {
      if (event.type === 'agent_start')
        rows.set(event.agentId, { agentId: event.agentId, tier: event.tier, started: performance.now(), tests: new Map() });
      else if (event.type === 'agent_progress') {
        // A suite reports thousands of points: the next tick (200 ms) draws the latest.
        rows.get(event.agentId)?.tests.set(event.part, event.progress);
        return;
      } else {
        const row = rows.get(event.agentId);
        if (row) row.done = { success: event.success, seconds: event.durationSeconds };
      }
      draw();
    },
    stop() {
      clearInterval(timer);
      if (drawn > 0) io.stderr(`\u001b[${drawn}F\u001b[0J`);
      drawn = 0;
    },
  };
}
