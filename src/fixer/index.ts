/**
 * The code fixer: offline fixes the tools already know (ESLint's fixable rules of the quality
 * baseline, unused imports, one-line security fixes from a table), verified in a scratch copy,
 * returned as one unified diff. Nothing here edits the project; {@link applyFixes} does, on request.
 *
 * @module
 */
import type { ProjectIndex } from '../project/types.js';
import type { Tier } from '../types.js';
import { eslintFixes } from './eslint-fixes.js';
import { tableFixes } from './security-table.js';
import { thirdPartyFiles } from './third-party.js';
import type { ProposedFix } from './types.js';

export type * from './types.js';
export { verifyFixes, type VerifyOptions } from './verify.js';
export { unifiedDiff, applyFixes, mergeFixes } from './patch.js';
export { openFindings, type OpenFinding } from './open-findings.js';
export { modelFixes, type ModelFixOptions, type ModelFixResult, type SkippedFinding } from './model-fixes.js';
export { SECURITY_FIX_TABLE, type TableFix } from './security-table.js';
export { thirdPartyFiles, thirdPartyReason } from './third-party.js';

/**
 * Every offline fix for `index`'s project: ESLint fixes of JS/TS files, then the security table's
 * fixes of Python files, at most `maxFixes` (files with the most findings removed first). Files in
 * `leftOut` (by default {@link thirdPartyFiles}: copies of libraries, bundles) get no fix.
 *
 * @example
 * const fixes = await proposeFixes(index, 'CAPABLE');
 */
export async function proposeFixes(
  index: ProjectIndex,
  tier: Tier,
  options: { signal?: AbortSignal; maxFixes?: number; leftOut?: ReadonlyMap<string, string> } = {},
): Promise<ProposedFix[]> {
  const leftOut = options.leftOut ?? (await thirdPartyFiles(index));
  const all = [
    ...(await eslintFixes(index, tier, options.signal)),
    ...(await tableFixes(index, options.signal)),
  ];
  const weight = (f: ProposedFix) => f.fixes.reduce((n, x) => n + x.count, 0);
  return all
    .filter((f) => !leftOut.has(f.file))
    .sort((a, b) => weight(b) - weight(a) || a.file.localeCompare(b.file))
    .slice(0, options.maxFixes ?? 50);
}
