/**
 * `empathy compositions list | show ID | delete ID | export`: inspect and manage the
 * configuration store (the agent teams the workflows learned from).
 *
 * @module
 */
import { lstatSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../errors.js';
import type { AgentConfiguration } from '../../orchestration/learning/agent-configuration.js';
import { ConfigurationStore, DEFAULT_STORE_SUBDIR } from '../../orchestration/learning/config-store.js';
import { PatternLibrary } from '../../orchestration/learning/pattern-library.js';
import { learningStoreDirs } from '../../orchestration/learning/store-dir.js';
import { parseCommandArgs, resolveDirectory } from '../args.js';
import type { CliCommand, CliIO } from '../types.js';
import { OUTPUT_OPTIONS, outputHelp, outputPlanOf, writeOutput } from '../output-flags.js';
import { textAndJsonFormats } from '../../workflows/report/registry.js';

/** One subcommand's output: its console text and its JSON document. */
interface CompositionsOutput {
  text: string;
  json: unknown;
}

/** The output formats of the command: `console` and `json` (export prints JSON in both). */
const COMPOSITIONS_FORMATS = textAndJsonFormats<CompositionsOutput>(
  (out) => out.text,
  (out) => out.json,
);

const HELP = `Usage: empathy compositions <subcommand> [options]

Inspect and manage the configuration store: the agent teams that were run and how they did.

Subcommands:
  list         All compositions, most recently used first
  show ID      One composition in full
  delete ID    Remove a composition (and its pattern in the pattern library)
  export       Every composition as one JSON document (on stdout)

Options:
  --path DIR      Project root (default: current directory); its store is in the user's data
                  directory ($XDG_DATA_HOME/empathy/repos/<name>-<hash>/), never in the repository
  --store-dir DIR A learning store directory instead (holds compositions/ and patterns/), e.g.
                  .empathy/orchestration for the original tool's in-repository store; refused when
                  it or a directory above it inside the project is a symbolic link
  --task PATTERN  list: only compositions of this task pattern
${outputHelp(COMPOSITIONS_FORMATS)}  -h, --help      Show this help

Ranking (the "evidence" column, and what workflows reuse first): the lower bound of the 95% Wilson
interval of the success rate, so 50 successes out of 51 rank above 1 out of 1.
`;

const OPTIONS = {
  ...OUTPUT_OPTIONS,
  path: { type: 'string' },
  store: { type: 'string' },
  'store-dir': { type: 'string' },
  task: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const SUBCOMMANDS = ['list', 'show', 'delete', 'export'];

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function date(value: Date | null): string {
  return value ? value.toISOString().replace('T', ' ').slice(0, 16) : 'never';
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  return (
    rows
      .map((row) =>
        row
          .map((cell, col) => cell.padEnd(widths[col]!))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

function listText(configs: AgentConfiguration[], storageDir: string): string {
  if (configs.length === 0) return `No compositions in ${storageDir}\n`;
  const rows = [['ID', 'TASK', 'STRATEGY', 'AGENTS', 'USES', 'SUCCESS', 'EVIDENCE', 'QUALITY', 'LAST USED']];
  for (const c of configs) {
    rows.push([
      c.id,
      c.taskPattern,
      c.strategy,
      String(c.agents.length),
      String(c.usageCount),
      c.usageCount > 0 ? percent(c.successRate) : '-',
      c.wilsonLowerBound.toFixed(3),
      c.usageCount > 0 ? c.avgQualityScore.toFixed(1) : '-',
      date(c.lastUsed),
    ]);
  }
  return `${table(rows)}\n${configs.length} composition(s) in ${storageDir}\n`;
}

function showText(c: AgentConfiguration, file: string): string {
  const gates = Object.entries(c.qualityGates).map(([k, v]) => `${k}=${String(v)}`);
  return [
    `Composition ${c.id}`,
    `  file:          ${file}`,
    `  task pattern:  ${c.taskPattern}`,
    `  strategy:      ${c.strategy}`,
    `  agents:`,
    ...c.agents.map((a, i) => `    ${i + 1}. ${a.role} (${a.tier})`),
    `  quality gates: ${gates.length > 0 ? gates.join(', ') : 'none'}`,
    `  uses:          ${c.usageCount} (${c.successCount} succeeded, ${c.failureCount} failed)`,
    `  success rate:  ${c.usageCount > 0 ? percent(c.successRate) : '-'} (Wilson 95% lower bound ${c.wilsonLowerBound.toFixed(3)})`,
    `  avg quality:   ${c.usageCount > 0 ? c.avgQualityScore.toFixed(1) : '-'} / 100`,
    `  created:       ${date(c.createdAt)}`,
    `  last used:     ${date(c.lastUsed)}`,
    `  tags:          ${c.tags.length > 0 ? c.tags.join(', ') : 'none'}`,
    '',
  ].join('\n');
}

function needId(sub: string, positionals: string[]): string {
  const id = positionals[1];
  if (id === undefined)
    throw new UserError(`compositions ${sub}: needs a composition ID (see: empathy compositions list)`);
  return id;
}

/** The `compositions` command. */
export const compositionsCommand: CliCommand = {
  name: 'compositions',
  summary: 'List, show, delete or export the stored agent compositions',
  async run(argv: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs('compositions', argv, OPTIONS, { maxPositionals: 2 });
    if (values['help']) {
      io.stdout(HELP);
      return 0;
    }
    const sub = positionals[0];
    if (sub === undefined) {
      io.stdout(HELP);
      return 2;
    }
    if (!SUBCOMMANDS.includes(sub)) {
      throw new UserError(
        `compositions: unknown subcommand "${sub}"; subcommands: ${SUBCOMMANDS.join(', ')}`,
      );
    }
    if ((sub === 'list' || sub === 'export') && positionals.length > 1) {
      throw new UserError(`compositions ${sub}: unexpected argument "${positionals[1]}"`);
    }
    if (values['task'] !== undefined && sub !== 'list')
      throw new UserError('compositions: --task only applies to list');
    const output = outputPlanOf(values, COMPOSITIONS_FORMATS, io);
    const emit = (out: CompositionsOutput) =>
      writeOutput(io, output, COMPOSITIONS_FORMATS, out, { command: `compositions-${sub}`, options: {} });
    const root =
      typeof values['path'] === 'string' ? resolveDirectory('--path', values['path'], io.cwd) : io.cwd;
    if (values['store'] !== undefined)
      throw new UserError(
        'compositions: --store was replaced by --store-dir DIR (a store directory holding compositions/ and patterns/)',
      );
    const dirs = learningStoreDirs(root, values['store-dir'] as string | undefined, { base: io.cwd });
    const patternLibrary = new PatternLibrary({ projectRoot: root, storageDir: dirs.patterns });
    const store = new ConfigurationStore({
      projectRoot: root,
      storageDir: dirs.compositions,
      patternLibrary,
    });

    if (sub === 'list') {
      const task = values['task'];
      const configs = (await store.listAll()).filter(
        (c) => typeof task !== 'string' || c.taskPattern === task,
      );
      await emit({
        text: listText(configs, store.storageDir),
        json: { storage_dir: store.storageDir, compositions: configs.map((c) => c.toJSON()) },
      });
      if (!dirs.explicit && lstatSync(path.join(root, DEFAULT_STORE_SUBDIR), { throwIfNoEntry: false }))
        io.stderr(
          `note: the store inside the repository (${DEFAULT_STORE_SUBDIR}) is not read; name it with --store-dir .empathy/orchestration to use it\n`,
        );
      return 0;
    }
    if (sub === 'export') {
      const configs = await store.listAll();
      const doc = {
        schema_version: 1,
        exported_at: new Date().toISOString(),
        storage_dir: store.storageDir,
        compositions: configs.map((c) => c.toJSON()),
      };
      await emit({ text: JSON.stringify(doc, null, 2), json: doc });
      return 0;
    }
    const id = needId(sub, positionals);
    const notFound = () =>
      new UserError(
        `compositions ${sub}: no composition "${id}" in ${store.storageDir} (see: empathy compositions list)`,
      );
    if (sub === 'show') {
      const config = await store.load(id);
      if (!config) throw notFound();
      await emit({ text: showText(config, store.filePath(id)), json: config.toJSON() });
      return 0;
    }
    if (!(await store.delete(id))) throw notFound();
    await emit({
      text: `Deleted ${id} from ${store.storageDir}`,
      json: { deleted: id, storage_dir: store.storageDir },
    });
    return 0;
  },
};
