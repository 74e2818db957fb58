import { afterEach, describe, expect, it, vi } from 'vitest';
import os from 'node:os';
import { createProgressDisplay } from './progress.js';
import { recordingIO } from './test-io.test-helper.js';

describe('createProgressDisplay', () => {
  afterEach(() => void vi.useRealTimers());

  it('draws nothing when disabled (not a TTY, --json, --output)', () => {
    const io = recordingIO(os.tmpdir());
    const display = createProgressDisplay(io, false, 'release-prep');
    display.onEvent({ type: 'agent_start', agentId: 'security_auditor', tier: 'PREMIUM' });
    display.stop();
    expect(io.err).toBe('');
    expect(io.out).toBe('');
  });

  it('shows running and finished agents on stderr and erases itself when stopped', () => {
    const io = recordingIO(os.tmpdir(), { stderrIsTTY: true });
    const display = createProgressDisplay(io, true, 'release-prep');
    display.onEvent({ type: 'agent_start', agentId: 'security_auditor', tier: 'PREMIUM' });
    expect(io.err).toMatch(/⏳ security_auditor \(PREMIUM\) running \d+\.\ds/);
    display.onEvent({ type: 'agent_done', agentId: 'security_auditor', success: true, durationSeconds: 1.5 });
    expect(io.err).toContain('✅ security_auditor (PREMIUM) 1.50s');
    display.stop();
    expect(io.err.endsWith('\u001b[2F\u001b[0J')).toBe(true); // cursor up over its 2 lines, clear to the end
    expect(io.out).toBe('');
  });

  it('shows the coverage agent\'s test progress on its row at the next tick, per part for a mixed repository; the row drops it when done', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const io = recordingIO(os.tmpdir(), { stderrIsTTY: true });
    const display = createProgressDisplay(io, true, 'release-prep');
    display.onEvent({ type: 'agent_start', agentId: 'test_coverage_analyzer', tier: 'CAPABLE' });
    const progress = { testsDone: null, filesDone: null, total: 120, percent: 45 };
    display.onEvent({ type: 'agent_progress', agentId: 'test_coverage_analyzer', part: 'Python', progress });
    expect(io.err).not.toContain('45%'); // not drawn per event: a suite reports thousands
    vi.advanceTimersByTime(200);
    expect(io.err).toMatch(/⏳ test_coverage_analyzer \(CAPABLE\) running \d+\.\ds · tests 45% of 120\n$/);
    display.onEvent({ type: 'agent_progress', agentId: 'test_coverage_analyzer', part: 'JS/TS', progress: { testsDone: 87, filesDone: null, total: null, percent: null } });
    vi.advanceTimersByTime(200);
    expect(io.err).toMatch(/running \d+\.\ds · Python: tests 45% of 120 · JS\/TS: 87 tests done\n$/);
    display.onEvent({ type: 'agent_done', agentId: 'test_coverage_analyzer', success: true, durationSeconds: 3 });
    expect(io.err).toMatch(/✅ test_coverage_analyzer \(CAPABLE\) 3\.00s\n$/);
    display.stop();
  });

  it('draws no test progress either when disabled', () => {
    const io = recordingIO(os.tmpdir());
    const display = createProgressDisplay(io, false, 'release-prep');
    display.onEvent({ type: 'agent_progress', agentId: 'test_coverage_analyzer', part: 'JS/TS', progress: { testsDone: 1, filesDone: null, total: null, percent: null } });
    display.stop();
    expect(io.err + io.out).toBe('');
  });
});
