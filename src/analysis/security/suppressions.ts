/**
 * Suppressions of security findings: an inline `empathy-ignore <rule> -- reason` comment (on the
 * finding's line, or alone on the line above; the reason is required, and a suppression without
 * one suppresses nothing and is itself a finding), and a baseline file of accepted findings
 * keyed by rule + file + a hash of the normalised line text (not the line number), so it
 * survives edits elsewhere in the file. Suppressed findings are counted and listed, never lost.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError, errorMessage } from '../../errors.js';
import type { Finding } from '../types.js';

/** Rule id of an inline suppression without a reason. */
export const SUPPRESSION_WITHOUT_REASON = 'empathy/suppression-without-reason';

const COMMENT = /(?:\/\/|#|\/\*|<!--)\s*empathy-ignore\b([^\n]*)/;

/** One suppressed finding as the report lists it. */
export interface SuppressedFinding {
  rule: string;
  file: string;
  line: number;
  severity: string;
  by: 'inline' | 'baseline';
  reason: string;
}

/** An entry of the baseline file. */
export interface BaselineEntry {
  rule: string;
  file: string;
  /** First 16 hex digits of the SHA-256 of the line's text with whitespace collapsed. */
  hash: string;
}

/** The hash of a line's text with its whitespace normalised. */
export function lineHash(text: string): string {
  return createHash('sha256').update(text.trim().replace(/\s+/g, ' ')).digest('hex').slice(0, 16);
}

function ruleMatches(pattern: string, rule: string): boolean {
  if (pattern === '*' || pattern === rule) return true;
  return pattern.endsWith('/*') && rule.startsWith(pattern.slice(0, -1));
}

interface Inline {
  rules: string[];
  reason: string;
  line: number;
}

/** The inline suppressions of a file: by the line they apply to; and the ones without a reason. */
export function inlineSuppressions(
  file: string,
  content: string,
): { byLine: Map<number, Inline>; invalid: Finding[] } {
  const byLine = new Map<number, Inline>();
  const invalid: Finding[] = [];
  const lines = content.split('\n');
  lines.forEach((text, i) => {
    const match = COMMENT.exec(text);
    if (!match) return;
    const body = (match[1] ?? '').replace(/\*\/\s*$|-->\s*$/, '');
    const [rulePart = '', ...reasonParts] = body.split(' -- ');
    const rules = rulePart.split(/[\s,]+/).filter(Boolean);
    const reason = reasonParts.join(' -- ').trim();
    const line = i + 1;
    if (rules.length === 0 || reason === '') {
      invalid.push({
        file,
        line,
        rule: SUPPRESSION_WITHOUT_REASON,
        severity: 'medium',
        message:
          'empathy-ignore needs a rule and a reason: `empathy-ignore <rule> -- why this is safe`; it suppresses nothing',
        tool: 'empathy',
      });
      return;
    }
    const alone = text.slice(0, match.index).trim() === '';
    byLine.set(alone ? line + 1 : line, { rules, reason, line });
  });
  return { byLine, invalid };
}

/**
 * Reads a baseline file. A missing file is an empty baseline only when `allowMissing`.
 *
 * @throws UserError when the file cannot be read or is not a baseline.
 */
export function readBaseline(file: string, allowMissing = false): BaselineEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (allowMissing && (error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new UserError(`--baseline ${file}: ${errorMessage(error)}`);
  }
  try {
    const data = JSON.parse(text) as { schema_version?: unknown; findings?: unknown };
    if (data.schema_version !== 1 || !Array.isArray(data.findings))
      throw new Error('not an empathy security baseline (schema_version 1)');
    return (data.findings as BaselineEntry[]).filter(
      (e) => typeof e.rule === 'string' && typeof e.file === 'string' && typeof e.hash === 'string',
    );
  } catch (error) {
    throw new UserError(`--baseline ${file}: ${errorMessage(error)}`);
  }
}

/** Writes the baseline of `findings` (atomically), keyed as {@link BaselineEntry}. */
export function writeBaseline(
  file: string,
  findings: readonly Finding[],
  lineText: (f: Finding) => string,
): number {
  const entries = new Map<string, BaselineEntry>();
  for (const f of findings) {
    const entry = { rule: f.rule, file: f.file, hash: lineHash(lineText(f)) };
    entries.set(`${entry.rule}\0${entry.file}\0${entry.hash}`, entry);
  }
  const sorted = [...entries.values()].sort(
    (a, b) => a.file.localeCompare(b.file) || a.rule.localeCompare(b.rule) || a.hash.localeCompare(b.hash),
  );
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(
    temp,
    `${JSON.stringify({ schema_version: 1, tool: 'empathy security', findings: sorted }, null, 2)}\n`,
  );
  renameSync(temp, file);
  return sorted.length;
}

/** What {@link applySuppressions} returns. */
export interface SuppressionResult {
  kept: Finding[];
  suppressed: SuppressedFinding[];
}

/**
 * Splits findings into kept and suppressed (inline comments first, then the baseline). The
 * findings for suppressions without a reason come from {@link inlineSuppressions} over every
 * code file (scans.ts), not from here.
 *
 * @example
 * const { kept, suppressed } = applySuppressions(findings, (file) => texts.get(file) ?? null, baseline);
 */
export function applySuppressions(
  findings: readonly Finding[],
  contentOf: (file: string) => string | null,
  baseline: readonly BaselineEntry[] = [],
): SuppressionResult {
  const accepted = new Set(baseline.map((e) => `${e.rule}\0${e.file}\0${e.hash}`));
  const perFile = new Map<string, ReturnType<typeof inlineSuppressions> & { lines: string[] }>();
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const f of findings) {
    let info = perFile.get(f.file);
    if (!info) {
      const content = contentOf(f.file) ?? '';
      info = { ...inlineSuppressions(f.file, content), lines: accepted.size > 0 ? content.split('\n') : [] };
      perFile.set(f.file, info);
    }
    const inline = info.byLine.get(f.line);
    if (f.rule !== SUPPRESSION_WITHOUT_REASON && inline && inline.rules.some((r) => ruleMatches(r, f.rule))) {
      suppressed.push({
        rule: f.rule,
        file: f.file,
        line: f.line,
        severity: f.severity,
        by: 'inline',
        reason: inline.reason,
      });
      continue;
    }
    // Without a baseline no line is split or hashed (click's 1,402 findings: 7 ms here instead of 25-27 ms).
    if (accepted.size > 0 && accepted.has(`${f.rule}\0${f.file}\0${lineHash(info.lines[f.line - 1] ?? '')}`)) {
      suppressed.push({
        rule: f.rule,
        file: f.file,
        line: f.line,
        severity: f.severity,
        by: 'baseline',
        reason: 'accepted in the baseline',
      });
      continue;
    }
    kept.push(f);
  }
  return { kept, suppressed };
}

/**
 * Findings for the inline suppressions without a reason in `files` (code files: a comment in a
 * Markdown page is documentation, not a suppression).
 *
 * @example
 * await suppressionsWithoutReason(files, (p) => index.read(p));
 */
export async function suppressionsWithoutReason(
  files: readonly string[],
  read: (file: string) => Promise<string>,
): Promise<Finding[]> {
  const found: Finding[] = [];
  for (const file of files) {
    const content = await read(file);
    if (content.includes('empathy-ignore')) found.push(...inlineSuppressions(file, content).invalid);
  }
  return found;
}
