/**
 * Task analysis: classifies a task sentence (plus context hints) into complexity, the
 * domains it touches, whether its parts can run independently, and its intents.
 *
 * Words, stemming and the domain keywords are the task vocabulary (`task-vocabulary.ts`),
 * shared with the pattern library's task similarity. Matching is on whole stemmed words and
 * on multi-word phrases ("code review", "trade offs"). The keyword tables (there and below)
 * are the whole classifier; they are exported so they are documented and testable.
 *
 * @module
 */
import { UserError } from '../../errors.js';
import type { ExecutionContext, TaskComplexity, TaskDomain } from '../../types.js';
import {
  RELEASE_DOMAINS,
  findPhrase,
  matchDomains,
  phrases,
  tokenize,
  type Phrase,
} from './task-vocabulary.js';

/** Keywords per complexity class; checked complex first, then moderate, then simple (default moderate). */
// prettier-ignore
export const COMPLEXITY_KEYWORDS: Readonly<Record<TaskComplexity, readonly string[]>> = {
  complex: [
    'migrate', 'migration', 'redesign', 'rearchitect', 're architect', 'overhaul', 'rewrite', 'release',
    'architecture', 'entire codebase', 'whole codebase', 'across the codebase', 'end to end', 'system wide',
  ],
  moderate: [
    'improve', 'refactor', 'optimize', 'optimise', 'test', 'review', 'boost', 'increase', 'raise', 'generate',
    'implement',
  ],
  simple: ['format', 'lint', 'typo', 'check', 'validate', 'rename', 'single file', 'one file', 'one function', 'quick'],
};

/** Words that make a task a pipeline (spec: "generate", "create", "refactor"): its steps depend on each other. */
// prettier-ignore
export const SEQUENTIAL_KEYWORDS: readonly string[] = [
  'generate', 'create', 'write', 'refactor', 'migrate', 'implement', 'build', 'fix', 'add', 'boost', 'increase',
  'raise', 'improve', 'redesign', 'rewrite', 'draft', 'update', 'convert', 'port', 'document',
];

/** Words that make a task a set of independent checks (spec: "release", "audit", "check", "validate", "review"). */
// prettier-ignore
export const PARALLEL_KEYWORDS: readonly string[] = [
  'release', 'audit', 'check', 'validate', 'review', 'scan', 'inspect', 'verify', 'assess',
];

/** Read-only analysis verbs: a task that only analyses several domains is parallelizable. */
// prettier-ignore
export const ANALYSIS_KEYWORDS: readonly string[] = [
  'analyze', 'analyse', 'analysis', 'measure', 'report', 'evaluate', 'find', 'detect', 'identify', 'look', 'examine',
];

/** Words of a decision between options: opinions to weigh and synthesise (the debate pattern). */
// prettier-ignore
export const DECISION_KEYWORDS: readonly string[] = [
  'compare', 'comparison', 'versus', 'vs', 'trade off', 'tradeoff', 'decide', 'choose', 'weigh', 'pros and cons',
  'debate', 'should we', 'which is better',
];

/** Words asking for new tests (turn a testing task into the analyse -> generate -> validate pipeline). */
// prettier-ignore
export const GENERATION_KEYWORDS: readonly string[] = [
  'generate', 'write', 'add', 'create', 'boost', 'increase', 'raise', 'improve', 'reach', 'new test', 'more test',
];

/** What {@link analyzeTask} found. */
export interface TaskAnalysis {
  task: string;
  complexity: TaskComplexity;
  /** Every domain touched, the main one first; `['general']` when none matched. */
  domains: TaskDomain[];
  /** True when the task's parts are independent checks (pattern rule 1). */
  parallelizable: boolean;
  /** The task weighs options (debate). */
  decision: boolean;
  /** The task asks for new tests (the test-coverage pipeline). */
  generation: boolean;
  /** The task asks to fix what the analysers find (the code fixer joins the team). */
  fix: boolean;
  /** Matched keywords per domain (for the reasoning). */
  matches: Partial<Record<TaskDomain, string[]>>;
  /** One line per signal that decided the analysis. */
  signals: string[];
}

/** The keywords of `table` found in `tokens`, each with its first position. */
function found(tokens: readonly string[], table: Phrase[]): { keyword: string; at: number }[] {
  return table.map((p) => ({ keyword: p.keyword, at: findPhrase(tokens, p.words) })).filter((m) => m.at >= 0);
}

const COMPLEXITY_TABLE = (['complex', 'moderate', 'simple'] as const).map((c) => ({
  complexity: c,
  table: phrases(COMPLEXITY_KEYWORDS[c]),
}));
const SEQUENTIAL = phrases(SEQUENTIAL_KEYWORDS);
const PARALLEL = phrases(PARALLEL_KEYWORDS);
const ANALYSIS = phrases(ANALYSIS_KEYWORDS);
const DECISION = phrases(DECISION_KEYWORDS);
const GENERATION = phrases(GENERATION_KEYWORDS);
/** Words that ask for fixes (the `code_fixer` agent). */
export const FIX_KEYWORDS: readonly string[] = ['fix', 'autofix', 'repair'];
const FIX = phrases(FIX_KEYWORDS);
/** Domains whose findings the code fixer has fixes for. */
const FIXABLE_DOMAINS: readonly TaskDomain[] = ['code_quality', 'security', 'refactoring', 'general'];
const RELEASE_WORD = tokenize('release');
const COMPLEXITY_ORDER: readonly TaskComplexity[] = ['simple', 'moderate', 'complex'];

const atLeast = (a: TaskComplexity, b: TaskComplexity): TaskComplexity =>
  COMPLEXITY_ORDER.indexOf(a) >= COMPLEXITY_ORDER.indexOf(b) ? a : b;
const list = (items: { keyword: string }[]): string => items.map((m) => `"${m.keyword}"`).join(', ');

/** Domains hinted by well-known context keys (added after the task's own domains). */
function contextDomains(context: ExecutionContext): { domain: TaskDomain; key: string }[] {
  const hints: { domain: TaskDomain; key: string }[] = [];
  for (const key of ['current_coverage', 'target_coverage', 'priority_modules']) {
    if (context[key] !== undefined) hints.push({ domain: 'testing', key });
  }
  if (context['current_quality_score'] !== undefined)
    hints.push({ domain: 'code_quality', key: 'current_quality_score' });
  if (context['performance_baseline'] !== undefined)
    hints.push({ domain: 'performance', key: 'performance_baseline' });
  return hints;
}

/** Complexity from keywords, then raised by context hints (`files`, `current_quality_score`) and domain count. */
function classifyComplexity(
  tokens: string[],
  context: ExecutionContext,
  domainCount: number,
  signals: string[],
): TaskComplexity {
  let complexity: TaskComplexity = 'moderate';
  const hit = COMPLEXITY_TABLE.map((c) => ({ ...c, hits: found(tokens, c.table) })).find(
    (c) => c.hits.length > 0,
  );
  if (hit) {
    complexity = hit.complexity;
    signals.push(`complexity ${complexity}: the task says ${list(hit.hits)}`);
  } else signals.push('complexity moderate: no complexity keyword, moderate is the default');
  const files = context['files'];
  const fileCount = Array.isArray(files) ? files.length : typeof files === 'number' ? files : undefined;
  if (fileCount !== undefined) {
    const byFiles: TaskComplexity = fileCount >= 100 ? 'complex' : fileCount >= 10 ? 'moderate' : 'simple';
    if (atLeast(complexity, byFiles) !== complexity) {
      complexity = byFiles;
      signals.push(
        `complexity raised to ${complexity}: context.files holds ${fileCount} files (>= 10 moderate, >= 100 complex)`,
      );
    }
  }
  const score = context['current_quality_score'];
  if (typeof score === 'number' && score < 5 && complexity === 'simple') {
    complexity = 'moderate';
    signals.push(`complexity raised to moderate: context.current_quality_score is ${score} (< 5)`);
  }
  const byDomains: TaskComplexity = domainCount >= 4 ? 'complex' : domainCount >= 3 ? 'moderate' : 'simple';
  if (atLeast(complexity, byDomains) !== complexity) {
    complexity = byDomains;
    signals.push(
      `complexity raised to ${complexity}: the task touches ${domainCount} domains (3 moderate, 4+ complex)`,
    );
  }
  return complexity;
}

/** Rule 1's input: context.parallelizable, else decision/sequential/parallel/analysis words (documented order). */
function classifyParallel(
  tokens: string[],
  context: ExecutionContext,
  textDomains: number,
  decision: boolean,
  signals: string[],
): boolean {
  const given = context['parallelizable'];
  if (typeof given === 'boolean') {
    signals.push(`parallelizable ${given}: set by context.parallelizable`);
    return given;
  }
  if (decision) {
    signals.push('not parallelizable: the task weighs options, whose opinions must be synthesised');
    return false;
  }
  const sequential = found(tokens, SEQUENTIAL);
  if (sequential.length > 0) {
    signals.push(`not parallelizable: pipeline words (${list(sequential)}): its steps depend on each other`);
    return false;
  }
  const parallel = found(tokens, PARALLEL);
  if (parallel.length > 0) {
    signals.push(`parallelizable: check words (${list(parallel)}): its parts are independent checks`);
    return true;
  }
  const analysis = found(tokens, ANALYSIS);
  if (analysis.length > 0 && textDomains >= 2) {
    signals.push(
      `parallelizable: analysis words (${list(analysis)}) over ${textDomains} domains: independent measurements`,
    );
    return true;
  }
  return false;
}

/**
 * Analyses a task sentence and its context. Context keys read: `complexity` (forces it),
 * `parallelizable` (forces rule 1), `files` (array or count: >= 10 files moderate, >= 100
 * complex), `current_quality_score` (adds code_quality; < 5 lifts a simple task to
 * moderate), `current_coverage` / `target_coverage` / `priority_modules` (add testing),
 * `performance_baseline` (adds performance).
 *
 * @example
 * analyzeTask('Analyze the codebase for security issues and test gaps').domains; // ['security', 'testing']
 */
export function analyzeTask(task: string, context: ExecutionContext = {}): TaskAnalysis {
  if (typeof task !== 'string' || task.trim() === '')
    throw new UserError('task must be a non-empty sentence, e.g. "Improve code quality"');
  const tokens = tokenize(task);
  const signals: string[] = [];
  const matches: Partial<Record<TaskDomain, string[]>> = {};
  const scored = [...matchDomains(tokens)]
    .map(([domain, hits]) => ({ domain, hits }))
    .map((d) => ({
      domain: d.domain,
      hits: d.hits.sort((a, b) => a.at - b.at),
      score: d.hits.length,
      at: Math.min(...d.hits.map((h) => h.at)),
    }))
    .sort((a, b) => b.score - a.score || a.at - b.at);
  for (const d of scored) {
    matches[d.domain] = d.hits.map((h) => h.keyword);
    signals.push(`domain ${d.domain}: the task says ${list(d.hits)}`);
  }
  const domains: TaskDomain[] = scored.map((d) => d.domain);
  const textDomains = domains.length;
  if (domains.length === 0 && findPhrase(tokens, RELEASE_WORD) >= 0) {
    domains.push(...RELEASE_DOMAINS);
    signals.push(
      `domains ${RELEASE_DOMAINS.join(', ')}: a release names no area, so it gets the four release gates`,
    );
  }
  for (const hint of contextDomains(context)) {
    if (!domains.includes(hint.domain)) {
      domains.push(hint.domain);
      signals.push(`domain ${hint.domain}: hinted by context.${hint.key}`);
    }
  }
  if (domains.length === 0) {
    domains.push('general');
    signals.push('domain general: no domain keyword matched');
  }
  const decision = found(tokens, DECISION);
  if (decision.length > 0) signals.push(`decision: the task weighs options (${list(decision)})`);
  const generationHits = found(tokens, GENERATION);
  const generation =
    domains.includes('testing') && (generationHits.length > 0 || context['target_coverage'] !== undefined);
  if (generation) {
    const why = generationHits.length > 0 ? list(generationHits) : 'context.target_coverage';
    signals.push(`test generation: the testing part asks for new tests (${why})`);
  }
  const fixHits = found(tokens, FIX);
  const fix = fixHits.length > 0 && decision.length === 0 && domains.some((d) => FIXABLE_DOMAINS.includes(d));
  if (fix) signals.push(`fix: the task asks to fix findings (${list(fixHits)})`);
  let complexity: TaskComplexity;
  const forced = context['complexity'];
  if (forced !== undefined) {
    if (!COMPLEXITY_ORDER.includes(forced as TaskComplexity)) {
      throw new UserError(
        `unknown context.complexity "${String(forced)}"; use one of: ${COMPLEXITY_ORDER.join(', ')}`,
      );
    }
    complexity = forced as TaskComplexity;
    signals.push(`complexity ${complexity}: set by context.complexity`);
  } else complexity = classifyComplexity(tokens, context, domains.length, signals);
  const parallelizable = classifyParallel(tokens, context, textDomains, decision.length > 0, signals);
  return {
    task: task.trim(),
    complexity,
    domains,
    parallelizable,
    decision: decision.length > 0,
    generation,
    fix,
    matches,
    signals,
  };
}
