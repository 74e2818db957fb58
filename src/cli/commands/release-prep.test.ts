import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { agentTempDirs, interruptOnceCoverageRuns, useHangingProjects } from '../interrupted-run.test-helper.js';
import { recordingIO } from '../test-io.test-helper.js';
import { runReleasePrep } from './release-prep.js';

const hangingProject = useHangingProjects();

describe('release-prep interrupted', () => {
  it('stops the agents on SIGINT, returns 130 once their work has stopped (temporary directories removed), writes no report', async () => {
    const { root, tmp } = hangingProject();
    const signals = new EventEmitter();
    const io = recordingIO(root);
    const code = await interruptOnceCoverageRuns(runReleasePrep(['--no-learn', '--no-cache'], io, signals as never), tmp, signals);
    expect(code).toBe(130);
    // Nothing of the run outlives the command (before, the coverage run's directory was removed
    // after the command had returned, and was left behind when the process ended at once).
    expect(agentTempDirs(tmp)).toEqual([]);
    expect(io.out).toBe('');
    expect(io.err).toContain('release-prep: interrupted; agents stopped, no report written');
    expect(signals.listenerCount('SIGINT')).toBe(0);
    expect(signals.listenerCount('SIGTERM')).toBe(0);
  }); // a run that was not stopped would end with a report (exit 1), not 130
});
