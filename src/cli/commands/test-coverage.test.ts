import { EventEmitter } from 'node:events';
import { readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupCopies, copyFixtures } from '../../analysis/coverage/fixture-copy.test-helper.js';
import { UserError } from '../../errors.js';
import { agentTempDirs, interruptOnceCoverageRuns, useHangingProjects } from '../interrupted-run.test-helper.js';
import { recordingIO } from '../test-io.test-helper.js';
import { runTestCoverage, testCoverageCommand } from './test-coverage.js';

afterAll(cleanupCopies);
const hangingProject = useHangingProjects();

describe('empathy orchestrate test-coverage', () => {
  it('prints help and rejects bad usage with a one-line UserError', async () => {
    const io = recordingIO('/');
    expect(await testCoverageCommand.run(['--help'], io)).toBe(0);
    expect(io.out).toContain('--priority-modules');
    await expect(testCoverageCommand.run(['--target', '101'], io)).rejects.toThrow(UserError);
    await expect(testCoverageCommand.run(['--max-files', '1.5'], io)).rejects.toThrow(
      /--max-files must be an integer/,
    );
    await expect(testCoverageCommand.run(['--project-root', '/no/such'], io)).rejects.toThrow(
      /no such directory/,
    );
    await expect(testCoverageCommand.run(['--priority-modules', ','], io)).rejects.toThrow(
      /--priority-modules is empty/,
    );
    await expect(testCoverageCommand.run(['--bogus'], io)).rejects.toThrow(/unknown option --bogus/);
  });

  it('a --dry-run --json run reports the gain, writes nothing and exits by the target', async () => {
    const root = await copyFixtures(['js-lib']);
    const files = readdirSync(root, { recursive: true }).sort();
    const signals = new EventEmitter();
    const io = recordingIO(root);
    const code = await runTestCoverage(
      ['--dry-run', '--json', '--target', '60', '--max-files', '1'],
      io,
      signals,
    );
    const json = JSON.parse(io.out) as Record<string, unknown>;
    expect(json['coverage_improvement']).toBeGreaterThan(0);
    expect(json['dry_run']).toBe(true);
    expect(json['written_files']).toEqual([]);
    expect(code).toBe(0);
    expect(readdirSync(root, { recursive: true }).sort()).toEqual(files);
    expect(signals.listenerCount('SIGINT')).toBe(0);
    const strict = recordingIO(root);
    expect(
      await runTestCoverage(
        ['--dry-run', '--target', '100', '--max-files', '1', '--max-time', '30'],
        strict,
        signals,
      ),
    ).toBe(1);
    expect(strict.out).toMatch(/coverage: 63\.04% -> \d+\.\d\d% \(\+\d+\.\d\d points\), target 100%/);
  });

  it('on SIGINT during the coverage measurement: returns 130 once the agents\' work has stopped (no temporary directory left), writes nothing', async () => {
    const { root, tmp } = hangingProject();
    const files = readdirSync(root, { recursive: true }).sort();
    const signals = new EventEmitter();
    const io = recordingIO(root);
    const code = await interruptOnceCoverageRuns(runTestCoverage(['--no-learn', '--json'], io, signals), tmp, signals);
    expect(code).toBe(130);
    // Before, the coverage run's directory was removed after the command had returned (left
    // behind when the process ended at once).
    expect(agentTempDirs(tmp)).toEqual([]);
    expect(JSON.parse(io.out)).toMatchObject({ interrupted: true, written_files: [] });
    expect(readdirSync(root, { recursive: true }).sort()).toEqual(files);
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });
});
