/**
 * Offline fixes ESLint already knows: the auto-fixable rules of the quality baseline (the same
 * rule table and tier as the quality analyser) and unused imports (our `empathy-fix/unused-imports`
 * rule). One proposed fix per file, with the findings it removes counted by re-linting the result.
 *
 * @module
 */
import path from 'node:path';
import { Linter } from 'eslint';
import { buildConfig } from '../analysis/shared/eslint-pass.js';
import { qualityEslintConsumer } from '../analysis/quality/lint-runner.js';
import type { ProjectIndex } from '../project/types.js';
import type { Tier } from '../types.js';
import { fixerEslintPlugin } from './unused-imports-rule.js';
import type { FixedFinding, ProposedFix } from './types.js';

const ALL_FILES = [
  '**/*.js',
  '**/*.mjs',
  '**/*.cjs',
  '**/*.jsx',
  '**/*.ts',
  '**/*.tsx',
  '**/*.mts',
  '**/*.cts',
];

/** The ESLint configuration of the fixer at `tier`: the quality baseline plus the unused-imports rule. */
export async function fixerEslintConfig(tier: Tier, withTypeScript: boolean): Promise<Linter.Config[]> {
  const spec = qualityEslintConsumer(tier).spec();
  return [
    ...(await buildConfig([spec], withTypeScript, false)),
    {
      files: ALL_FILES,
      plugins: { 'empathy-fix': fixerEslintPlugin },
      rules: { 'empathy-fix/unused-imports': 'warn' },
    },
  ];
}

/** Messages per rule of `text` under `config` (parse errors under `parse-error`). */
export function lintCounts(
  root: string,
  file: string,
  text: string,
  config: Linter.Config[],
): Map<string, number> {
  const linter = new Linter({ configType: 'flat', cwd: root });
  return countByRule(linter.verify(text, config, { filename: path.join(root, file) }));
}

function countByRule(messages: readonly Linter.LintMessage[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of messages) {
    const rule = m.ruleId ?? 'parse-error';
    counts.set(rule, (counts.get(rule) ?? 0) + 1);
  }
  return counts;
}

/** Rules whose count went down from `before` to `after`, with how many messages went. */
export function removedFindings(before: Map<string, number>, after: Map<string, number>): FixedFinding[] {
  const out: FixedFinding[] = [];
  for (const [rule, count] of before) {
    const left = after.get(rule) ?? 0;
    if (left < count) out.push({ rule, count: count - left });
  }
  return out;
}

/**
 * Proposes one fix per JS/TS file that ESLint's fixes change, for the files the quality baseline
 * scores.
 *
 * @example
 * const fixes = await eslintFixes(index, 'CAPABLE');
 * fixes[0]?.fixes; // [{ rule: 'empathy-fix/unused-imports', count: 1 }]
 */
export async function eslintFixes(
  index: ProjectIndex,
  tier: Tier,
  signal?: AbortSignal,
): Promise<ProposedFix[]> {
  const files = qualityEslintConsumer(tier).files(index);
  if (files.length === 0) return [];
  const config = await fixerEslintConfig(
    tier,
    files.some((f) => f.language === 'typescript'),
  );
  const out: ProposedFix[] = [];
  for (const file of files) {
    signal?.throwIfAborted();
    const before = await index.read(file.path);
    const linter = new Linter({ configType: 'flat', cwd: index.root });
    const fixed = linter.verifyAndFix(before, config, {
      filename: path.join(index.root, file.path),
      fix: true,
    });
    if (!fixed.fixed || fixed.output === before) continue;
    // verifyAndFix's messages are those of its output: the file is linted once more, unfixed.
    const fixes = removedFindings(
      lintCounts(index.root, file.path, before, config),
      countByRule(fixed.messages),
    );
    if (fixes.length === 0) continue;
    out.push({
      id: `eslint:${file.path}`,
      source: 'eslint',
      file: file.path,
      description: `ESLint fixes: ${fixes.map((f) => `${f.rule} x${f.count}`).join(', ')}`,
      fixes,
      before,
      after: fixed.output,
    });
  }
  return out;
}
