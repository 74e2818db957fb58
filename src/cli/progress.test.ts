import { describe, expect, it } from 'vitest';
import os from 'node:os';
import { createProgressDisplay } from './progress.js';
import { recordingIO } from './test-io.js';

describe('createProgressDisplay', () => {
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
});
