/**
 * What `orchestrate run` does with a code_fixer's output: `--apply` writes the kept fixes to the
 * working tree (only when it is clean in git), then the kept fixes are written as one unified diff
 * (`--patch FILE`, default `fixes.patch` in the current directory), and a summary of kept and
 * rejected fixes is printed. Without a code_fixer in the team, nothing happens.
 *
 * @module
 */
import path from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import type { StrategyResult } from '../../types.js';
import type { CodeFixOutput } from '../../workflows/fix-means.js';
import type { CliIO } from '../types.js';

/** The options of the fix stage. */
export const FIX_OPTIONS = {
  patch: { type: 'string' },
  apply: { type: 'boolean' },
} as const;

/** Help lines of {@link FIX_OPTIONS}. */
export const FIX_HELP = `  --patch FILE        Where a code_fixer's verified fixes are written as a unified diff
                      (default: fixes.patch in the current directory)
  --apply             Also apply the verified fixes to the working tree (refused unless it is clean in git)
`;

function fixOutputs(result: StrategyResult): CodeFixOutput[] {
  return result.outputs
    .filter((r) => r.agentId.startsWith('code_fixer') && typeof r.output['patch'] === 'string')
    .map((r) => r.output as CodeFixOutput);
}

/**
 * Applies (with `--apply`) and writes the fixes of every code_fixer of the run. Messages go to
 * `print` (stdout for the console format, stderr otherwise).
 *
 * @throws UserError from `applyFixes` when `--apply` is refused (the working tree is left as it was;
 *   the patch is still written).
 */
export async function handleFixes(
  result: StrategyResult,
  values: Record<string, unknown>,
  root: string,
  io: CliIO,
  print: (text: string) => void,
): Promise<void> {
  const outputs = fixOutputs(result);
  if (outputs.length === 0) return;
  const files = outputs.flatMap((o) => o.files);
  const lines: string[] = [];
  for (const o of outputs) {
    lines.push(
      `Fixes: ${o.fixes_proposed} proposed, ${o.fixes_kept} verified and kept, ${o.fixes_rejected} rejected${o.test_command ? ` (tests: ${o.test_command})` : ''}`,
    );
    for (const k of o.kept) lines.push(`  kept      ${k.file}: ${k.description}`);
    for (const r of o.rejected)
      lines.push(
        `  rejected  ${r.file} (${r.source === 'model' ? `${r.id}, ` : ''}${r.reason}): ${r.detail}`,
      );
    if (o.model)
      lines.push(
        `  model ${o.model.provider}: ${o.model.requested} of ${o.model.open_findings} open finding(s) asked about, ${o.model.proposed} patch(es) proposed, ${o.model.calls} call(s), ${o.model.cost_usd === null ? 'unknown cost' : `$${o.model.cost_usd.toFixed(4)}`}`,
      );
    for (const n of o.notes) lines.push(`  note: ${n}`);
  }
  let refused: unknown = null;
  if (values['apply'] && files.length > 0) {
    const { applyFixes } = await import('../../fixer/index.js');
    try {
      lines.push(`Applied to the working tree: ${(await applyFixes(root, files)).join(', ')}`);
    } catch (error) {
      refused = error; // the patch is still written below
    }
  }
  const patch = outputs.map((o) => o.patch).join('');
  if (patch !== '') {
    const target = path.resolve(io.cwd, (values['patch'] as string | undefined) ?? 'fixes.patch');
    await writeFileAtomic(target, patch);
    lines.push(`Wrote ${target} (git apply ${path.relative(io.cwd, target) || target})`);
  } else lines.push('No verified fix: no patch written');
  print(`${lines.join('\n')}\n`);
  if (refused) throw refused;
}
