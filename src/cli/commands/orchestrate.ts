/**
 * `empathy orchestrate <workflow>`: dispatches to the workflow subcommands through an
 * explicit, lazily loaded registry.
 *
 * @module
 */
import { UserError } from '../../errors.js';
import type { CliCommand, CliIO } from '../types.js';

const WORKFLOWS: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  run: {
    summary: 'Compose a team for a task, print the plan and run it',
    load: async () => (await import('./orchestrate-run.js')).orchestrateRunCommand,
  },
  'release-prep': {
    summary: 'Validate release readiness with four parallel agents and quality gates',
    load: async () => (await import('./release-prep.js')).releasePrepCommand,
  },
  'test-coverage': {
    summary: 'Generate tests that pass and raise coverage (analyse -> generate -> validate)',
    load: async () => (await import('./test-coverage.js')).testCoverageCommand,
  },
};

function helpText(): string {
  const width = Math.max(...Object.keys(WORKFLOWS).map((name) => name.length));
  return [
    'Usage: empathy orchestrate <workflow> [options]',
    '',
    'Workflows:',
    ...Object.entries(WORKFLOWS).map(([name, w]) => `  ${name.padEnd(width)}  ${w.summary}`),
    '',
    'Run "empathy orchestrate <workflow> --help" for its options.',
    '',
  ].join('\n');
}

/** The `orchestrate` command. */
export const orchestrateCommand: CliCommand = {
  name: 'orchestrate',
  summary: 'Run meta-orchestration workflows',
  async run(argv: string[], io: CliIO): Promise<number> {
    const [workflow, ...rest] = argv;
    if (workflow === undefined || workflow === '--help' || workflow === '-h') {
      io.stdout(helpText());
      return workflow === undefined ? 2 : 0;
    }
    const entry = WORKFLOWS[workflow];
    if (!entry) {
      throw new UserError(
        `orchestrate: unknown workflow "${workflow}"; workflows: ${Object.keys(WORKFLOWS).join(', ')}`,
      );
    }
    return (await entry.load()).run(rest, io);
  },
};
