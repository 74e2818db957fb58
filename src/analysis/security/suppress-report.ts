/**
 * Suppressions in the security analyser's run: the scan for `empathy-ignore` comments without a
 * reason (part of the cached code scans), then, on every run, inline suppressions and the
 * user's baseline applied to the findings (or the baseline written, `--write-baseline`).
 *
 * @module
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ProjectIndex } from '../../project/types.js';
import type { Finding } from '../types.js';
import { emptyOutcome, type ScanOutcome } from './scans.js';
import {
  applySuppressions,
  readBaseline,
  suppressionsWithoutReason,
  writeBaseline,
  type BaselineEntry,
  type SuppressedFinding,
} from './suppressions.js';
import type { SecurityOptions } from './types.js';

const MAX_LISTED = 200;

/** The findings for `empathy-ignore` comments without a reason in the index's code files. */
export async function suppressionComments(index: ProjectIndex): Promise<ScanOutcome> {
  const outcome = emptyOutcome();
  const files = [
    ...index.byLanguage('javascript'),
    ...index.byLanguage('typescript'),
    ...index.byLanguage('python'),
  ];
  outcome.findings.push(
    ...(await suppressionsWithoutReason(
      files.map((f) => f.path),
      (p) => index.read(p),
    )),
  );
  return outcome;
}

async function contents(index: ProjectIndex, files: Iterable<string>): Promise<Map<string, string>> {
  const indexed = new Set(index.files.map((f) => f.path));
  const texts = new Map<string, string>();
  for (const file of files) {
    try {
      if (indexed.has(file)) texts.set(file, await index.read(file));
      else {
        const absolute = path.join(index.root, file);
        if ((await stat(absolute)).size <= 16 * 1024 * 1024)
          texts.set(file, await readFile(absolute, 'utf8'));
      }
    } catch {
      // unreadable: no suppression applies
    }
  }
  return texts;
}

/** Applies inline suppressions and the baseline (or writes it); what is left counts. */
export async function suppress(
  index: ProjectIndex,
  findings: Finding[],
  options: SecurityOptions,
): Promise<{
  findings: Finding[];
  suppressed: SuppressedFinding[];
  baseline: { file: string; entries: number; written: boolean } | null;
}> {
  const texts = await contents(index, new Set(findings.map((f) => f.file)));
  const contentOf = (file: string) => texts.get(file) ?? null;
  const file = options.baselineFile;
  const entries: BaselineEntry[] = file && !options.writeBaseline ? readBaseline(file) : [];
  const result = applySuppressions(findings, contentOf, entries);
  if (file && options.writeBaseline) {
    const lineText = (f: Finding) => contentOf(f.file)?.split('\n')[f.line - 1] ?? '';
    const written = writeBaseline(file, result.kept, lineText);
    return {
      findings: result.kept,
      suppressed: result.suppressed,
      baseline: { file, entries: written, written: true },
    };
  }
  return {
    findings: result.kept,
    suppressed: result.suppressed,
    baseline: file ? { file, entries: entries.length, written: false } : null,
  };
}

/** The suppression figures of the report. */
export function suppressionFigures(
  suppressed: SuppressedFinding[],
  baseline: { file: string; entries: number; written: boolean } | null,
): { suppressed_issues: number; suppressed_findings: SuppressedFinding[]; baseline: typeof baseline } {
  return {
    suppressed_issues: suppressed.length,
    suppressed_findings: suppressed.slice(0, MAX_LISTED),
    baseline,
  };
}

/**
 * What the console and Markdown reports say about suppressions: how many findings were
 * suppressed and how (the first five named), and a baseline written by this run.
 */
export function suppressionWarnings(
  suppressed: readonly SuppressedFinding[],
  baseline: { file: string; entries: number; written: boolean } | null,
): string[] {
  const warnings: string[] = [];
  if (baseline?.written)
    warnings.push(
      `security baseline written: ${baseline.file} (${baseline.entries} finding(s) accepted from now on)`,
    );
  if (suppressed.length === 0) return warnings;
  const inline = suppressed.filter((s) => s.by === 'inline').length;
  const shown = suppressed
    .slice(0, 5)
    .map((s) => `${s.severity} ${s.rule} ${s.file}:${s.line} (${s.by === 'inline' ? s.reason : 'baseline'})`);
  const more = suppressed.length > shown.length ? `; ${suppressed.length - shown.length} more` : '';
  warnings.push(
    `${suppressed.length} security finding(s) suppressed, not counted (${inline} by empathy-ignore comments, ` +
      `${suppressed.length - inline} by the baseline${baseline ? ` ${baseline.file}` : ''}): ${shown.join('; ')}${more}`,
  );
  return warnings;
}
