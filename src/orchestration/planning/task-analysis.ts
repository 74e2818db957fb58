/**
 * Task analysis: classifies a task sentence (plus context hints) into complexity, the
 * domains it touches, whether its parts can run independently, and its intents.
 *
 * Matching is on whole words after a light stemming ({@link stem}: "test", "tests",
 * "testing" and "tested" all become "test"), and on multi-word phrases ("code review",
 * "trade offs"). The keyword tables below are the whole classifier; they are exported so
 * they are documented and testable.
 *
 * @module
 */
import { UserError } from '../../errors.js';
import type { ExecutionContext, TaskComplexity, TaskDomain } from '../../types.js';

/** Keywords per domain (matched after stemming, whole words only). */
// prettier-ignore
export const DOMAIN_KEYWORDS: Readonly<Record<Exclude<TaskDomain, 'general'>, readonly string[]>> = {
  testing: ['test', 'unit test', 'coverage', 'untested', 'pytest', 'vitest', 'jest', 'mocha', 'test suite'],
  security: [
    'security', 'secure', 'insecure', 'vulnerability', 'vulnerable', 'cve', 'secret', 'credential', 'injection',
    'xss', 'csrf', 'ssrf', 'authentication', 'authorization', 'oauth', 'threat', 'penetration', 'exploit',
    'owasp', 'compliance', 'sanitize', 'sanitization', 'encryption', 'password', 'npm audit', 'dependency audit',
  ],
  code_quality: [
    'quality', 'code review', 'lint', 'linter', 'eslint', 'best practice', 'maintainability', 'maintainable',
    'readability', 'readable', 'type error', 'type safety', 'typecheck', 'code style', 'bug', 'cognitive complexity',
  ],
  documentation: [
    'doc', 'documentation', 'document', 'undocumented', 'readme', 'guide', 'tutorial', 'docstring', 'jsdoc',
    'tsdoc', 'api reference', 'changelog', 'usage example', 'doc coverage', 'documentation coverage',
  ],
  performance: [
    'performance', 'perf', 'optimize', 'optimise', 'optimization', 'optimisation', 'speed', 'fast', 'faster', 'slow',
    'slower', 'latency', 'throughput', 'benchmark', 'profile', 'bottleneck', 'memory leak',
    'memory usage', 'response time', 'cache', 'cpu', 'hot path', 'efficient', 'efficiency',
  ],
  architecture: [
    'architecture', 'architectural', 'circular', 'coupling', 'cohesion', 'layer', 'module boundary',
    'dependency graph', 'import graph', 'monolith', 'microservice', 'design pattern', 'modular', 'modularity',
  ],
  refactoring: [
    'refactor', 'cleanup', 'clean up', 'simplify', 'simplification', 'restructure', 'duplication',
    'duplicated', 'duplicate code', 'dead code', 'technical debt', 'tech debt', 'code smell', 'smell', 'tidy',
  ],
};

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

/** The four release gates' domains, used when a release task names no domain itself. */
export const RELEASE_DOMAINS: readonly TaskDomain[] = [
  'security',
  'testing',
  'code_quality',
  'documentation',
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

/**
 * Light suffix stemmer, applied to task words and keywords alike: "tests"/"testing"/"tested"
 * -> "test", "vulnerabilities" -> "vulnerability", "profile"/"profiling" -> "profil".
 */
export function stem(word: string): string {
  let w = word.toLowerCase();
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (!w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is') && w.endsWith('s')) w = w.slice(0, -1);
  for (const suffix of ['ing', 'ed']) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3 && !w.endsWith('eed')) {
      w = w.slice(0, -suffix.length);
      const last = w.at(-1);
      if (w.length > 3 && last !== undefined && last === w.at(-2) && !'lsz'.includes(last))
        w = w.slice(0, -1);
      break;
    }
  }
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/**
 * Lower-cases, splits on anything but letters and digits, and stems each word; keeps order and
 * repeats (keyword phrases are matched by position). Not the `tokenize` of `task-similarity.ts`,
 * which drops stop words and repeats and does not stem (it matches prefixes instead).
 */
export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).map(stem);
}

type Phrase = { keyword: string; words: string[] };
const phrases = (keywords: readonly string[]): Phrase[] =>
  keywords.map((keyword) => ({ keyword, words: tokenize(keyword) }));

/** First position of `phrase` in `tokens`, or -1. */
function findPhrase(tokens: readonly string[], words: readonly string[]): number {
  outer: for (let i = 0; i + words.length <= tokens.length; i++) {
    for (let j = 0; j < words.length; j++) if (tokens[i + j] !== words[j]) continue outer;
    return i;
  }
  return -1;
}

/** The keywords of `table` found in `tokens`, each with its first position. */
function found(tokens: readonly string[], table: Phrase[]): { keyword: string; at: number }[] {
  return table.map((p) => ({ keyword: p.keyword, at: findPhrase(tokens, p.words) })).filter((m) => m.at >= 0);
}

/** Every domain phrase, longest first, so "documentation coverage" claims "coverage" before testing's "coverage". */
const DOMAIN_PHRASES = Object.entries(DOMAIN_KEYWORDS)
  .flatMap(([domain, words]) => phrases(words).map((p) => ({ ...p, domain: domain as TaskDomain })))
  .sort((a, b) => b.words.length - a.words.length);

/** Domain hits with positions; each task word counts for at most one phrase (the longest). */
function matchDomains(tokens: readonly string[]): Map<TaskDomain, { keyword: string; at: number }[]> {
  const taken = new Array<boolean>(tokens.length).fill(false);
  const hits = new Map<TaskDomain, { keyword: string; at: number }[]>();
  for (const p of DOMAIN_PHRASES) {
    let first = -1;
    outer: for (let i = 0; i + p.words.length <= tokens.length; i++) {
      for (let j = 0; j < p.words.length; j++)
        if (taken[i + j] || tokens[i + j] !== p.words[j]) continue outer;
      for (let j = 0; j < p.words.length; j++) taken[i + j] = true;
      if (first < 0) first = i;
    }
    if (first >= 0) hits.set(p.domain, [...(hits.get(p.domain) ?? []), { keyword: p.keyword, at: first }]);
  }
  return hits;
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
