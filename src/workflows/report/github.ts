/**
 * The `github` report format: GitHub Actions workflow commands that annotate the pull request
 * (`::error file=...,line=...::message`): critical findings and the uncovered changed lines
 * (one annotation per range), then one line per release blocker. GitHub shows at most 10
 * error annotations per step, so the most useful come first: critical findings on changed
 * lines, uncovered changed lines, then the other critical findings. The Markdown report goes to
 * `$GITHUB_STEP_SUMMARY` (the CLI appends it when that variable is set); SARIF is the `sarif`
 * format.
 *
 * @module
 */
import path from 'node:path';
import type { ReleaseReadinessReport } from '../release-prep/report.js';
import { analysesOf } from './report-data.js';

/** Options of {@link formatGithub}. */
export interface GithubOptions {
  /**
   * The repository root on the runner (`$GITHUB_WORKSPACE`): annotation paths are made
   * relative to it when the analysed project is a sub-directory. Default: the project root.
   */
  workspace?: string;
}

/** Escapes the message of a workflow command (`%`, CR, LF). */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value of a workflow command (also `:` and `,`). */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

interface Annotation {
  file?: string;
  line?: number;
  endLine?: number;
  title: string;
  message: string;
}

function command(a: Annotation): string {
  const props = [
    ...(a.file !== undefined ? [`file=${escapeCommandProperty(a.file)}`] : []),
    ...(a.line !== undefined && a.line > 0 ? [`line=${a.line}`] : []),
    ...(a.endLine !== undefined && a.line !== undefined && a.endLine > a.line ? [`endLine=${a.endLine}`] : []),
    `title=${escapeCommandProperty(a.title)}`,
  ];
  return `::error ${props.join(',')}::${escapeCommandData(a.message)}`;
}

function ranges(lines: readonly number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const line of lines) {
    const last = out.at(-1);
    if (last && line === last[1] + 1) last[1] = line;
    else out.push([line, line]);
  }
  return out;
}

/**
 * The annotations of a report, most useful first, one workflow command per line.
 *
 * @example
 * process.stdout.write(formatGithub(report, { workspace: process.env.GITHUB_WORKSPACE }));
 */
export function formatGithub(report: ReleaseReadinessReport, options: GithubOptions = {}): string {
  const prefix = options.workspace ? path.relative(path.resolve(options.workspace), report.path) : '';
  const repoPath = (file: string) => (prefix && !prefix.startsWith('..') ? `${prefix.split(path.sep).join('/')}/${file}` : file);
  const critical = analysesOf(report.agentResults).flatMap((a) => a.findings.filter((f) => f.severity === 'critical'));
  const onNew = new Set((report.newCode?.critical_findings ?? []).map((f) => `${f.file}:${f.line}:${f.rule}`));
  const key = (f: { file: string; line: number; rule: string }) => `${f.file}:${f.line}:${f.rule}`;
  const findingAnnotation = (f: (typeof critical)[number], isNew: boolean): Annotation => ({
    file: repoPath(f.file),
    line: f.line,
    title: `${isNew ? 'New critical finding' : 'Critical finding'}: ${f.rule}`,
    message: `${f.message} (${f.tool})${f.flow && f.flow.length > 0 ? ` — data flow: ${f.flow.map((s) => `${s.file}:${s.line} ${s.label}`).join(' -> ')}` : ''}`,
  });
  const annotations: Annotation[] = [
    ...critical.filter((f) => onNew.has(key(f))).map((f) => findingAnnotation(f, true)),
    ...(report.newCode?.uncovered ?? []).flatMap((u) =>
      ranges(u.lines).map(([from, to]) => ({
        file: repoPath(u.file),
        line: from,
        endLine: to,
        title: 'Changed lines not covered by tests',
        message: `${from === to ? `line ${from}` : `lines ${from}-${to}`} changed and not covered by any test`,
      })),
    ),
    ...critical.filter((f) => !onNew.has(key(f))).map((f) => findingAnnotation(f, false)),
    ...report.blockers.map((b) => ({ title: 'Release blocked', message: b })),
  ];
  const lines = annotations.map(command);
  const status = report.approved ? 'approved' : 'blocked';
  lines.push(`::notice title=empathy release-prep::release ${status} (confidence ${report.confidence}); ${critical.length} critical finding(s), ${report.blockers.length} blocker(s)`);
  return `${lines.join('\n')}\n`;
}
