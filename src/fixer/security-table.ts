/**
 * One-line security fixes from a table: each row names the rule of our Python security rules
 * (analysis/security/python-rules.ts) it removes and rewrites one line. A row that cannot rewrite
 * a line safely (a call split over lines, an argument it does not understand) leaves it alone.
 *
 * @module
 */
import { pythonRuleFindings } from '../analysis/security/python-rules.js';
import type { ProjectIndex } from '../project/types.js';
import { removedFindings } from './eslint-fixes.js';
import type { ProposedFix } from './types.js';

/** One row of the table. */
export interface TableFix {
  id: string;
  /** The security rule whose finding the row removes. */
  rule: string;
  description: string;
  /** The rewritten line, or null when the row does not apply to it. */
  apply(line: string): string | null;
}

/** The text from `open` (index of an opening parenthesis) to its matching `)` on the same line, or null. */
function callArgs(line: string, open: number): { args: string; end: number } | null {
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < line.length; i += 1) {
    const c = line[i];
    if (quote) {
      if (c === '\\') i += 1;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth += 1;
    else if (c === ')' && --depth === 0) return { args: line.slice(open + 1, i), end: i };
  }
  return null;
}

const UNSAFE_LOADER =
  /,\s*Loader\s*=\s*(?:yaml\.)?(?:Loader|FullLoader|UnsafeLoader|CLoader|CFullLoader|CUnsafeLoader)\s*$/;

function rewriteYaml(line: string): string | null {
  const m = /\byaml\.(load|load_all|unsafe_load|unsafe_load_all)\(/.exec(line);
  if (!m) return null;
  const open = m.index + m[0].length - 1;
  const call = callArgs(line, open);
  if (!call) return null;
  const args = call.args.replace(UNSAFE_LOADER, '');
  if (/\bLoader\s*=/.test(args) || /,/.test(args.replace(/\([^()]*\)|"[^"]*"|'[^']*'/g, ''))) return null;
  const safe = m[1]!.endsWith('_all') ? 'safe_load_all' : 'safe_load';
  return `${line.slice(0, m.index)}yaml.${safe}(${args})${line.slice(call.end + 1)}`;
}

/** A shell command string that splits into words with no shell meaning (no quotes, variables, pipes, globs). */
const PLAIN_COMMAND = /^(["'])([\w./=:@%+,-]+(?: [\w./=:@%+,-]+)*)\1$/;

function rewriteShell(line: string): string | null {
  const m = /\bsubprocess\.(run|call|check_call|check_output|Popen)\(/.exec(line);
  if (!m) return null;
  const open = m.index + m[0].length - 1;
  const call = callArgs(line, open);
  if (!call) return null;
  const parts = call.args.split(/,\s*/);
  const shellAt = parts.findIndex((p) => /^shell\s*=\s*True$/.test(p.trim()));
  const command = PLAIN_COMMAND.exec(parts[0]?.trim() ?? '');
  if (shellAt < 1 || !command) return null;
  const words = command[2]!
    .split(' ')
    .map((w) => JSON.stringify(w))
    .join(', ');
  const rest = parts.filter((_, i) => i !== 0 && i !== shellAt);
  return `${line.slice(0, open + 1)}${[`[${words}]`, ...rest].join(', ')}${line.slice(call.end)}`;
}

/** The table, one row per fix; each row has a test (security-table.test.ts). */
export const SECURITY_FIX_TABLE: readonly TableFix[] = [
  {
    id: 'py-yaml-safe-load',
    rule: 'python/yaml-load',
    description: 'yaml.load()/unsafe_load() with the default or an unsafe Loader -> yaml.safe_load()',
    apply: rewriteYaml,
  },
  {
    id: 'py-requests-verify',
    rule: 'python/requests-verify-false',
    description: 'requests call with verify=False -> verify=True (TLS certificates checked)',
    apply: (line) =>
      /\brequests\.\w+\(/.test(line) && /\bverify\s*=\s*False\b/.test(line)
        ? line.replace(/\bverify\s*=\s*False\b/, 'verify=True')
        : null,
  },
  {
    id: 'py-subprocess-no-shell',
    rule: 'python/subprocess-shell',
    description:
      'subprocess call of a plain literal command with shell=True -> the same command as an argument list, no shell',
    apply: rewriteShell,
  },
];

/** Finding counts per rule of a Python file, as our security rules report them. */
export async function pythonSecurityCounts(file: string, text: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const f of (await pythonRuleFindings(file, text)).findings)
    out.set(f.rule, (out.get(f.rule) ?? 0) + 1);
  return out;
}

/**
 * Proposes one fix per Python file whose findings a table row removes: only the lines our rules
 * flag are rewritten.
 *
 * @example
 * const fixes = await tableFixes(index);
 * fixes[0]?.description; // 'py-yaml-safe-load: yaml.load() ... (line 3)'
 */
export async function tableFixes(index: ProjectIndex, signal?: AbortSignal): Promise<ProposedFix[]> {
  const out: ProposedFix[] = [];
  for (const file of index.files.filter((f) => f.language === 'python')) {
    signal?.throwIfAborted();
    const before = await index.read(file.path);
    const found = (await pythonRuleFindings(file.path, before)).findings;
    const lines = before.split('\n');
    const used: string[] = [];
    for (const finding of found) {
      const row = SECURITY_FIX_TABLE.find((r) => r.rule === finding.rule);
      const at = finding.line - 1;
      const rewritten = row && lines[at] !== undefined ? row.apply(lines[at]!) : null;
      if (!row || rewritten === null || rewritten === lines[at]) continue;
      lines[at] = rewritten;
      used.push(`${row.id} (line ${finding.line})`);
    }
    if (used.length === 0) continue;
    const after = lines.join('\n');
    const fixes = removedFindings(
      await pythonSecurityCounts(file.path, before),
      await pythonSecurityCounts(file.path, after),
    );
    if (fixes.length === 0) continue;
    out.push({
      id: `table:${file.path}`,
      source: 'table',
      file: file.path,
      description: `security fixes: ${used.join(', ')}`,
      fixes,
      before,
      after,
    });
  }
  return out;
}
