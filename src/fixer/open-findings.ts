/**
 * The findings the offline fixer leaves: what the fixer's checkers report (the quality baseline's
 * ESLint rules for JS/TS, our Python security rules) that neither an ESLint fix nor a row of the
 * security table removes. These are what a model is asked to patch.
 *
 * @module
 */
import path from 'node:path';
import { Linter } from 'eslint';
import { pythonRuleFindings } from '../analysis/security/python-rules.js';
import { qualityEslintConsumer } from '../analysis/quality/lint-runner.js';
import type { ProjectIndex } from '../project/types.js';
import type { Tier } from '../types.js';
import { fixerEslintConfig } from './eslint-fixes.js';
import { SECURITY_FIX_TABLE } from './security-table.js';
import { thirdPartyFiles } from './third-party.js';

/** One finding no offline fix removes. */
export interface OpenFinding {
  /** Path relative to the project root. */
  file: string;
  /** 1-based line and column in the file as it is. */
  line: number;
  column: number;
  /** The rule, as the checker that verifies fixes counts it. */
  rule: string;
  message: string;
}

/** ESLint messages without a fix (parse errors left out: a file that does not parse is not patched). */
async function eslintOpen(index: ProjectIndex, tier: Tier, signal?: AbortSignal): Promise<OpenFinding[]> {
  const files = qualityEslintConsumer(tier).files(index);
  if (files.length === 0) return [];
  const config = await fixerEslintConfig(
    tier,
    files.some((f) => f.language === 'typescript'),
  );
  const out: OpenFinding[] = [];
  for (const file of files) {
    signal?.throwIfAborted();
    const text = await index.read(file.path);
    const linter = new Linter({ configType: 'flat', cwd: index.root });
    const messages = linter.verify(text, config, { filename: path.join(index.root, file.path) });
    if (messages.some((m) => m.fatal)) continue;
    for (const m of messages)
      if (m.ruleId && !m.fix)
        out.push({ file: file.path, line: m.line, column: m.column, rule: m.ruleId, message: m.message });
  }
  return out;
}

/** Python security findings that no table row rewrites. */
async function pythonOpen(index: ProjectIndex, signal?: AbortSignal): Promise<OpenFinding[]> {
  const out: OpenFinding[] = [];
  for (const file of index.files.filter((f) => f.language === 'python')) {
    signal?.throwIfAborted();
    const text = await index.read(file.path);
    const result = await pythonRuleFindings(file.path, text);
    if (result.syntaxErrorLine !== null) continue;
    const lines = text.split('\n');
    for (const f of result.findings) {
      const line = lines[f.line - 1];
      const row = SECURITY_FIX_TABLE.find((r) => r.rule === f.rule);
      const rewritten = row && line !== undefined ? row.apply(line) : null;
      if (rewritten !== null && rewritten !== line) continue;
      out.push({ file: f.file, line: f.line, column: f.column ?? 1, rule: f.rule, message: f.message });
    }
  }
  return out;
}

/**
 * The findings of `index`'s project that no offline fix removes, in file and line order, except in
 * the files of `leftOut` (by default {@link thirdPartyFiles}: copies of libraries, bundles).
 *
 * @example
 * const open = await openFindings(index, 'CAPABLE');
 * open[0]; // { file: 'src/a.js', line: 3, column: 9, rule: 'no-empty', message: 'Empty block statement.' }
 */
export async function openFindings(
  index: ProjectIndex,
  tier: Tier,
  signal?: AbortSignal,
  leftOut?: ReadonlyMap<string, string>,
): Promise<OpenFinding[]> {
  const skip = leftOut ?? (await thirdPartyFiles(index));
  const all = [...(await eslintOpen(index, tier, signal)), ...(await pythonOpen(index, signal))];
  return all.filter((f) => !skip.has(f.file)).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}
