/**
 * The code fixer on public repositories (issue 20): on a git copy of each repository of
 * bench/real-repos.list, `empathy orchestrate run "fix the quality issues" --apply` (offline), then
 * the quality score again on the fixed tree. Prints fixes proposed / kept / rejected (with the
 * reasons), the quality score before and after, and the run's time. The clones are never changed.
 *
 * Run: npx tsx bench/fixes.ts [DIR] [--only a,b] [--scratch DIR]
 *   DIR   the corpus folder of bench/real-repos.ts (default: $EMPATHY_REAL_REPOS, else bench/.real-repos)
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
const corpus = path.resolve(first ?? process.env['EMPATHY_REAL_REPOS'] ?? path.join(HERE, '.real-repos'));
const only = opt('--only')?.split(',') ?? null;
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

const score = (agents: Agent[]) => {
  const figures = agents.find((a) => a.agent_id === 'code_reviewer')?.output['figures'] as Record<string, unknown> | undefined;
  return typeof figures?.['quality_score'] === 'number' ? (figures['quality_score'] as number) : null;
};

const rows: string[] = [];
for (const { name } of readList()) {
  if (only && !only.includes(name)) continue;
  const source = path.join(corpus, name);
  if (!existsSync(source)) continue;
  const copy = path.join(scratch, name);
  await fs.rm(copy, { recursive: true, force: true });
  execFileSync('git', ['clone', '-q', '--local', source, copy]);
  if (existsSync(path.join(source, 'node_modules'))) await fs.symlink(path.join(source, 'node_modules'), path.join(copy, 'node_modules'));
  const info = path.join(copy, '.git', 'info', 'exclude');
  await fs.appendFile(info, '\nnode_modules\n');
  const run = empathy(copy, ['orchestrate', 'run', 'fix the quality issues', '--path', '.', '--apply', '--patch', path.join(scratch, `${name}.patch`)]);
  const fixer = run.agents.find((a) => a.agent_id === 'code_fixer')?.output ?? {};
  const after = empathy(copy, ['orchestrate', 'run', 'review the code quality', '--path', '.', '--agents', 'code_reviewer']);
  const rejected = (fixer['rejected'] as Array<{ reason: string }> | undefined) ?? [];
  const reasons = [...new Set(rejected.map((r) => r.reason))].join(', ');
  const b = score(run.agents);
  const a = score(after.agents);
  rows.push(`| ${name} | ${String(fixer['fixes_proposed'] ?? '-')} | ${String(fixer['fixes_kept'] ?? '-')} | ${String(fixer['fixes_rejected'] ?? '-')}${reasons ? ` (${reasons})` : ''} | ${b ?? '-'} | ${a ?? '-'} | ${b !== null && a !== null ? (a - b).toFixed(2) : '-'} | ${run.seconds.toFixed(0)} |`);
  process.stderr.write(`${rows.at(-1)}\n`);
}
process.stdout.write(['| repository | proposed | kept | rejected (reasons) | quality before | after | change | time (s) |', '|---|---|---|---|---|---|---|---|', ...rows].join('\n') + '\n');
