/**
 * Reads the coverage data a planned run left behind: the istanbul JSON of vitest and jest, or
 * the raw V8 data of any other runner, converted by c8 (source maps followed, so TypeScript
 * through a loader and built output map back to their sources) or, without c8, by our own V8
 * reader (plain JavaScript only).
 *
 * @module
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { runContained } from '../../core/sandbox/index.js';
import type { ToolUsed } from '../types.js';
import type { RawCoverage } from '../coverage/model.js';
import { readCoverageReport } from '../coverage/readers/index.js';
import { readV8CoverageDir } from '../coverage/v8-coverage.js';
import { packageVersion } from './environment.js';
import type { JsTestPlan } from './types.js';

/** Where and how the conversion may run (c8 runs contained, like the tests). */
export interface CollectOptions {
  /** A directory of ours for c8's report. */
  tmpDir: string;
  /** The contained run's scratch directory and writable directories. */
  sandbox: { scratch: string; writable: string[] };
  timeoutMs: number;
  signal?: AbortSignal;
  /** The analysed root (our V8 reader keeps files under it). */
  root: string;
}

/**
 * The coverage of a finished run of `plan`, or null when the run wrote none.
 *
 * @example
 * const data = await collectCoverage(plan, { tmpDir, sandbox, timeoutMs: 60_000, root: index.root });
 * data?.raw.files.length;
 */
export async function collectCoverage(plan: JsTestPlan, options: CollectOptions): Promise<{ raw: RawCoverage; tool: ToolUsed | null } | null> {
  const c = plan.coverage;
  if (c.kind !== 'v8') {
    if (!c.reportFile || !existsSync(c.reportFile)) return null;
    const tool = c.provider ? { name: `@vitest/coverage-${c.provider}`, version: await packageVersion(`@vitest/coverage-${c.provider}`, plan.cwd) } : null;
    return { raw: await readCoverageReport(c.reportFile, `${plan.runner} coverage output`), tool };
  }
  if (!c.v8Dir || !existsSync(c.v8Dir) || (await fs.readdir(c.v8Dir)).length === 0) return null;
  if (c.c8) {
    const out = path.join(options.tmpDir, `c8-${path.basename(c.v8Dir)}`);
    const args = [c.c8, 'report', `--temp-directory=${c.v8Dir}`, `--report-dir=${out}`, '--reporter=json', '--check-coverage=false', '--exclude-after-remap', '--all=false'];
    const r = await runContained(process.execPath, args, { cwd: plan.cwd, ...options.sandbox, timeoutMs: options.timeoutMs, signal: options.signal });
    const file = path.join(out, 'coverage-final.json');
    if (r.exitCode === 0 && existsSync(file)) {
      const raw = await withoutMissingSources(await readCoverageReport(file, 'c8 report'), c.v8Dir, options.root);
      return { raw, tool: { name: 'c8', version: await packageVersion('c8', path.dirname(path.dirname(c.c8))) } };
    }
  }
  return { raw: await readV8CoverageDir(c.v8Dir, options.root), tool: { name: 'node-v8 reader', version: process.versions.node } };
}

/**
 * c8 follows every source map, also one it cannot use: a published package ships
 * `lib/index.js` with a map to `src/index.ts` but not `src/` (or, in a copy of its indexed
 * files, not the `.map` file either). Its coverage then lands on a file that does not exist, or
 * nowhere, and the code that ran is lost. Files whose map is missing or names only missing
 * sources get their own V8 coverage instead (our reader); entries for missing files are dropped.
 */
async function withoutMissingSources(raw: RawCoverage, v8Dir: string, root: string): Promise<RawCoverage> {
  const abs = (file: string) => path.resolve(root, file);
  const kept = raw.files.filter((f) => existsSync(abs(f.reportPath)));
  const reported = new Set(kept.map((f) => abs(f.reportPath)));
  const own = [];
  for (const f of (await readV8CoverageDir(v8Dir, root)).files) {
    const file = abs(f.reportPath);
    if (!reported.has(file) && (await unusableSourceMap(file))) own.push(f);
  }
  if (own.length === 0 && kept.length === raw.files.length) return raw;
  return { ...raw, files: [...kept, ...own], notes: [...raw.notes, `${own.length} file(s) with a source map whose sources are missing: measured as they are`] };
}

/** True when `file` names a source map that is missing, or whose sources are all missing on disk (embedded or not: the project has no such file to report on). */
async function unusableSourceMap(file: string): Promise<boolean> {
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  const url = /\/\/[#@] sourceMappingURL=(\S+)\s*$/.exec(text)?.[1];
  if (!url) return false;
  let map: { sources?: unknown; sourceRoot?: unknown };
  try {
    const inline = /^data:application\/json[^,]*base64,(.*)$/.exec(url);
    map = JSON.parse(inline ? Buffer.from(inline[1] ?? '', 'base64').toString('utf8') : await fs.readFile(path.resolve(path.dirname(file), decodeURIComponent(url)), 'utf8')) as typeof map;
  } catch {
    return !url.startsWith('data:'); // a map file that is not there (or unreadable)
  }
  const base = path.resolve(path.dirname(file), typeof map.sourceRoot === 'string' ? map.sourceRoot : '');
  const sources = Array.isArray(map.sources) ? map.sources.filter((s): s is string => typeof s === 'string') : [];
  return sources.length > 0 && sources.every((s) => !existsSync(s.startsWith('file://') ? s.slice(7) : path.resolve(base, s)));
}
