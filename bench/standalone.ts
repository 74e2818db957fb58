/**
 * The standalone baseline of the analysis benches: the command-line tools that measure what the
 * static release-prep agents measure, each run as its own process (bench/analysis.ts section 3,
 * and the by-hand sequence of bench/real-suite.ts).
 *
 * @module
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ProjectIndex } from '../src/project/types.js';
import { codeFiles } from '../src/analysis/shared/complexity-cache.js';
import { eslintRuleSettings, javascriptRules, typescriptRules } from '../src/analysis/quality/lint-rules.js';
import { securityRulesForTier } from '../src/analysis/security/eslint-lint.js';
import { SECRETLINT_CONFIG } from '../src/analysis/security/secrets.js';
import { BENCH_DIR, readJson } from './corpus.js';

/** One tool of the standalone baseline: `short` names it on the per-run lines, `check` reads its report. */
export interface Step { short: string; name: string; command: string; args: string[]; check: (exit: number | null) => string; /** Added to the environment of the step. */ env?: Record<string, string> }

/**
 * The PREMIUM security rules that a standalone ESLint run has: our own taint rule (`empathy-taint/`)
 * is in no installable plugin, so the baseline leaves it out (before, eslint stopped on it:
 * 'The "empathy-taint" plugin is not defined').
 */
function standaloneSecurityRules(): Record<string, unknown> {
  return Object.fromEntries(Object.entries(securityRulesForTier('PREMIUM')).filter(([rule]) => !rule.startsWith('empathy-taint/')));
}

/**
 * The standalone baseline: the command-line tools that measure what the four release-prep
 * agents measure on this corpus, each started as its own process, one after another.
 * Configs, file lists and reports go to `work` (one folder per round).
 */
export function standaloneSteps(index: ProjectIndex, work: string): Step[] {
  const jsTs = [...index.byLanguage('javascript'), ...index.byLanguage('typescript')].map((f) => f.absolutePath);
  const code = codeFiles(index).filter((f) => f.language !== 'python').map((f) => f.absolutePath);
  const eslintBin = path.join(BENCH_DIR, '..', 'node_modules', 'eslint', 'bin', 'eslint.js');
  const unwrap = 'const u = (m) => (m.default ?? m);';
  const jsx = '{ ecmaFeatures: { jsx: true } }';
  writeFileSync(path.join(work, 'security.config.mjs'), `import security from 'eslint-plugin-security';\nimport noUnsanitized from 'eslint-plugin-no-unsanitized';\nimport * as ts from 'typescript-eslint';\n${unwrap}\nconst plugins = { security: u(security), 'no-unsanitized': u(noUnsanitized) };\nconst rules = ${JSON.stringify(standaloneSecurityRules())};\nexport default [\n  { files: ['**/*.js', '**/*.mjs', '**/*.jsx'], plugins, languageOptions: { ecmaVersion: 'latest', sourceType: 'module', parserOptions: ${jsx} }, rules },\n  { files: ['**/*.cjs'], plugins, languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs' }, rules },\n  { files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'], plugins, languageOptions: { parser: u(ts).parser, ecmaVersion: 'latest', sourceType: 'module', parserOptions: ${jsx} }, rules },\n];\n`);
  const cognitive = { 'sonarjs/cognitive-complexity': ['warn', 15] };
  writeFileSync(path.join(work, 'quality.config.mjs'), `import sonarjs from 'eslint-plugin-sonarjs';\nimport * as ts from 'typescript-eslint';\n${unwrap}\nconst linterOptions = { noInlineConfig: true, reportUnusedDisableDirectives: 'off' };\nexport default [\n  { files: ['**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'], linterOptions, languageOptions: { ecmaVersion: 'latest', parserOptions: ${jsx} }, plugins: { sonarjs: u(sonarjs) }, rules: ${JSON.stringify({ ...eslintRuleSettings(javascriptRules('CAPABLE')), ...cognitive })} },\n  { files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'], linterOptions, languageOptions: { parser: u(ts).parser, ecmaVersion: 'latest', sourceType: 'module' }, plugins: { sonarjs: u(sonarjs), '@typescript-eslint': u(ts).plugin }, rules: ${JSON.stringify({ ...eslintRuleSettings(typescriptRules('CAPABLE')), ...cognitive })} },\n];\n`);
  writeFileSync(path.join(work, 'secretlint.mjs'), `import { createEngine } from '@secretlint/node';\nimport { readFileSync, writeFileSync } from 'node:fs';\nconst [list, out] = process.argv.slice(2);\nconst engine = await createEngine({ cwd: process.cwd(), formatter: 'json', color: false, maskSecrets: true, configFileJSON: ${JSON.stringify(SECRETLINT_CONFIG)} });\nconst result = await engine.executeOnFiles({ filePathList: JSON.parse(readFileSync(list, 'utf8')) });\nwriteFileSync(out, result.output);\nprocess.exitCode = result.ok ? 0 : 1;\n`);
  writeFileSync(path.join(work, 'all-files.json'), JSON.stringify(index.files.map((f) => f.absolutePath)));
  writeFileSync(path.join(work, 'jscpd.json'), JSON.stringify({ path: codeFiles(index).map((f) => f.absolutePath) }));
  const eslintOut = (name: string) => (exit: number | null) => {
    const results = readJson<{ messages: unknown[] }[]>(path.join(work, `${name}.json`));
    if (!results || (exit !== 0 && exit !== 1)) return 'FAILED (no report)';
    return `${results.length} files, ${results.reduce((s, r) => s + r.messages.length, 0)} messages`;
  };
  const steps: Step[] = [
    { short: 'eslint-security', name: 'eslint + eslint-plugin-security + eslint-plugin-no-unsanitized (security code rules, PREMIUM set)', command: process.execPath, args: [eslintBin, '-c', path.join(work, 'security.config.mjs'), '--no-warn-ignored', '-f', 'json', '-o', path.join(work, 'security.json'), ...jsTs], check: eslintOut('security') },
    { short: 'secretlint', name: 'secretlint (preset-recommend, @secretlint/node executeOnFiles = what the secretlint CLI runs), every text file', command: process.execPath, args: [path.join(work, 'secretlint.mjs'), path.join(work, 'all-files.json'), path.join(work, 'secrets.json')], check: (exit) => { const r = readJson<{ messages: unknown[] }[]>(path.join(work, 'secrets.json')); return r && exit !== null && exit <= 1 ? `${r.length} files, ${r.reduce((s, x) => s + x.messages.length, 0)} secrets` : 'FAILED (no report)'; } },
    { short: 'eslint-quality', name: 'eslint with the quality baseline rule set (CAPABLE) + sonarjs/cognitive-complexity (for our complexity pass)', command: process.execPath, args: [eslintBin, '-c', path.join(work, 'quality.config.mjs'), '--no-warn-ignored', '-f', 'json', '-o', path.join(work, 'quality.json'), ...code], check: eslintOut('quality') },
    { short: 'jscpd', name: 'jscpd 5.3.2 (duplication), same file list and options', command: process.execPath, args: [path.join(BENCH_DIR, '..', 'node_modules', 'jscpd', 'run-jscpd.js'), '-c', path.join(work, 'jscpd.json'), '--reporters', 'json', '--output', path.join(work, 'jscpd-out'), '--silent', '--absolute', '--no-gitignore', '--no-colors'], check: () => { const r = readJson<{ statistics: { total: { percentage: number; sources: number } } }>(path.join(work, 'jscpd-out', 'jscpd-report.json')); return r ? `${r.statistics.total.sources} files, ${r.statistics.total.percentage}% duplicated` : 'FAILED (no report)'; } },
  ];
  if (['package-lock.json', 'npm-shrinkwrap.json'].some((f) => existsSync(path.join(index.root, f))))
    steps.push({ short: 'npm-audit', name: 'npm audit --json (the security agent runs it at PREMIUM when a lock file exists)', command: 'npm', args: ['audit', '--json'], check: (exit) => `exit ${exit}` });
  return steps;
}
