/**
 * The code fixer on public repositories (issue 20): on a git copy of each repository of the list,
 * `empathy orchestrate run "fix the quality issues" --apply` (offline: no provider, so no
 * model-written patches), then the quality score again on the fixed tree. Prints fixes proposed /
 * kept / rejected (with the reasons), the quality score, the quality baseline's lint findings and
 * the remediation minutes before and after, and the run's time, then
 * each repository's kept and rejected fixes and the verification notes (the tests run before the
 * fixes and their outcome). The clones are never changed. Needs `npm run build` first.
 *
 * Run: npx tsx bench/fixes.ts [DIR] [--list FILE] [--only a,b] [--scratch DIR] [--timeout S]
 *   DIR     the clones, one per line of the list, named as there (default: $EMPATHY_FIX_REPOS,
 *           else bench/.fixes-repos)
 *   --list  the list of repositories (default bench/fixes.list; bench/real-repos.list for the
 *           mature corpus, DIR then being that corpus)
 *   --timeout the fix run's agent deadline in seconds (orchestrate run --timeout; default the
 *           template's 900). Each test run of the verification keeps its own limit, a quarter of the
 *           code_fixer template's 900 s (225 s)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { opt, readList } from './real-repos.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.join(HERE, '..', 'bin', 'empathy.js');
const args = process.argv.slice(2);
const first = args[0] !== undefined && !args[0].startsWith('--') ? args[0] : undefined;
const corpus = path.resolve(first ?? process.env['EMPATHY_FIX_REPOS'] ?? path.join(HERE, '.fixes-repos'));
const list = path.resolve(opt('--list') ?? path.join(HERE, 'fixes.list'));
const only = opt('--only')?.split(',') ?? null;
const timeout = opt('--timeout');
const scratch = path.resolve(opt('--scratch') ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'empathy-bench-fixes-'))));

interface Agent {
  agent_id: string;
  success: boolean;
  output: Record<string, unknown>;
}

function empathy(cwd: string, argv: string[]): { agents: Agent[]; seconds: number } {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/API_KEY$/.test(k)) delete env[k];
  const started = performance.now();
  let out = '';
  try {
    out = execFileSync(process.execPath, [BIN, ...argv, '--json', '--no-learn'], { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] });
  } catch (error) {
    out = String((error as { stdout?: string }).stdout ?? '');
  }
  const seconds = (performance.now() - started) / 1000;
  const parsed = JSON.parse(out || '{}') as { result?: { outputs?: Agent[] } };
  return { agents: parsed.result?.outputs ?? [], seconds };
}

/** A figure of the code reviewer (the quality analyser), or null. */
const figure = (agents: Agent[], name: string): number | null => {
  const figures = agents.find((a) => a.agent_id === 'code_reviewer')?.output['figures'] as Record<string, unknown> | undefined;
  return typeof figures?.[name] === 'number' ? (figures[name] as number) : null;
};
const lint = (agents: Agent[]) => {
  const [e, w] = [figure(agents, 'lint_errors'), figure(agents, 'lint_warnings')];
  return e === null || w === null ? null : e + w;
};
const pair = (b: number | null, a: number | null) => `${b ?? '-'} -> ${a ?? '-'}`;

interface Detail {
  kept?: Array<{ file: string; description: string }>;
  rejected?: Array<{ file: string; reason: string; detail: string }>;
  notes?: string[];
}

const rows: string[] = [];
const details: string[] = [];
for (const { name } of readList(list)) {
  if (only && !only.includes(name)) continue;
  const source = path.join(corpus, name);
  if (!existsSync(source)) continue;
  const copy = path.join(scratch, name);
  await fs.rm(copy, { recursive: true, force: true });
  // The working tree as it is, committed in a fresh repository (--apply needs a clean git tree; a
  // snapshot whose largest blobs are absent cannot be cloned with git itself).
  await fs.cp(source, copy, {
    recursive: true,
    filter: (from) => !['.git', 'node_modules'].includes(path.relative(source, from)),
  });
  const git = (...a: string[]) => execFileSync('git', ['-c', 'user.email=bench@localhost', '-c', 'user.name=bench', ...a], { cwd: copy, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'bench baseline', '--no-verify');
  if (existsSync(path.join(source, 'node_modules'))) await fs.symlink(path.join(source, 'node_modules'), path.join(copy, 'node_modules'));
  const info = path.join(copy, '.git', 'info', 'exclude');
  await fs.appendFile(info, '\nnode_modules\n');
  const run = empathy(copy, ['orchestrate', 'run', 'fix the quality issues', '--path', '.', '--apply', '--patch', path.join(scratch, `${name}.patch`), ...(timeout ? ['--timeout', timeout] : [])]);
  const fixer = run.agents.find((a) => a.agent_id === 'code_fixer')?.output ?? {};
  const d = fixer as Detail;
  details.push(
    `### ${name}`,
    ...(d.kept ?? []).map((k) => `- kept ${k.file}: ${k.description}`),
    ...(d.rejected ?? []).map((r) => `- rejected ${r.file} (${r.reason}): ${r.detail.slice(0, 300)}`),
    ...(d.notes ?? []).map((n) => `- note: ${n.slice(0, 300)}`),
    '',
  );
  const after = empathy(copy, ['orchestrate', 'run', 'review the code quality', '--path', '.', '--agents', 'code_reviewer']);
  const rejected = (fixer['rejected'] as Array<{ reason: string }> | undefined) ?? [];
  const reasons = [...new Set(rejected.map((r) => r.reason))].join(', ');
  const b = figure(run.agents, 'quality_score');
  const a = figure(after.agents, 'quality_score');
  const debt = pair(figure(run.agents, 'remediation_minutes'), figure(after.agents, 'remediation_minutes'));
  rows.push(`| ${name} | ${String(fixer['fixes_proposed'] ?? '-')} | ${String(fixer['fixes_kept'] ?? '-')} | ${String(fixer['fixes_rejected'] ?? '-')}${reasons ? ` (${reasons})` : ''} | ${b ?? '-'} | ${a ?? '-'} | ${b !== null && a !== null ? (a - b).toFixed(2) : '-'} | ${pair(lint(run.agents), lint(after.agents))} | ${debt} | ${run.seconds.toFixed(0)} |`);
  process.stderr.write(`${rows.at(-1)}\n`);
}
process.stdout.write(['| repository | proposed | kept | rejected (reasons) | quality before | after | change | lint findings | debt (min) | time (s) |', '|---|---|---|---|---|---|---|---|---|---|', ...rows, '', ...details].join('\n') + '\n');
