import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { agentTempDirs, interruptOnceCoverageRuns, useHangingProjects } from '../interrupted-run.test-helper.js';
import { recordingIO } from '../test-io.test-helper.js';
import { runOrchestrateRun } from './orchestrate-run.js';

const hangingProject = useHangingProjects();

describe('orchestrate run interrupted', () => {
  it('on SIGINT: returns 130 once the agents\' work has stopped (no temporary directory left), prints no result', async () => {
    const { root, tmp } = hangingProject();
    const signals = new EventEmitter();
    const io = recordingIO(root);
    const running = runOrchestrateRun(
      ['measure test coverage', '--agents', 'test_coverage_analyzer', '--no-learn', '--no-cache', '--json'],
      io,
      signals,
    );
    const code = await interruptOnceCoverageRuns(running, tmp, signals);
    expect(code).toBe(130);
    // Before, the coverage run's directory was removed after the command had returned (left
    // behind when the process ended at once).
    expect(agentTempDirs(tmp)).toEqual([]);
    expect(io.out).toBe('');
    expect(io.err).toContain('orchestrate run: interrupted; agents stopped');
    expect(signals.listenerCount('SIGINT')).toBe(0);
    expect(signals.listenerCount('SIGTERM')).toBe(0);
  }); // a run that was not stopped would end with the result (exit 1 at the coverage deadline), not 130
});
