/**
 * The task vocabulary: the one tokenizer and the one table of domain keywords that every
 * reader of a task sentence uses (task analysis for planning, task similarity for the
 * pattern library), so one sentence is classified one way.
 *
 * Words are split on anything but letters and digits and at camelCase, lower-cased, and
 * lightly stemmed ({@link stem}: "test", "tests", "testing" and "tested" all become "test").
 * Keywords are matched on whole stemmed words, multi-word ones as phrases ("code review").
 *
 * @module
 */
import type { TaskDomain } from '../../types.js';

/** Every task domain. */
export const TASK_DOMAINS: readonly TaskDomain[] = [
  'testing',
  'security',
  'code_quality',
  'documentation',
  'performance',
  'architecture',
  'refactoring',
  'general',
];

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

/** The four release gates' domains, used when a release task names no domain itself. */
export const RELEASE_DOMAINS: readonly TaskDomain[] = [
  'security',
  'testing',
  'code_quality',
  'documentation',
];

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
 * The words of `text`: split on anything but letters and digits and at camelCase
 * (`releasePrep` -> `release prep`), lower-cased, in order, with repeats. Not stemmed.
 */
export function splitWords(text: string): string[] {
  return (
    text
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .match(/[a-z0-9]+/g) ?? []
  );
}

/**
 * The tokens of `text`: its words ({@link splitWords}), each stemmed ({@link stem}); keeps order
 * and repeats (keyword phrases are matched by position).
 *
 * @example
 * tokenize('Testing the releasePrep'); // ['test', 'the', 'releas', 'prep']
 */
export function tokenize(text: string): string[] {
  return splitWords(text).map(stem);
}

/** A keyword and its tokens. */
export type Phrase = { keyword: string; words: string[] };
/** The tokens of each keyword. */
export const phrases = (keywords: readonly string[]): Phrase[] =>
  keywords.map((keyword) => ({ keyword, words: tokenize(keyword) }));

/** First position of `phrase` in `tokens`, or -1. */
export function findPhrase(tokens: readonly string[], words: readonly string[]): number {
  outer: for (let i = 0; i + words.length <= tokens.length; i++) {
    for (let j = 0; j < words.length; j++) if (tokens[i + j] !== words[j]) continue outer;
    return i;
  }
  return -1;
}

/** Every domain phrase, longest first, so "documentation coverage" claims "coverage" before testing's "coverage". */
const DOMAIN_PHRASES = Object.entries(DOMAIN_KEYWORDS)
  .flatMap(([domain, words]) => phrases(words).map((p) => ({ ...p, domain: domain as TaskDomain })))
  .sort((a, b) => b.words.length - a.words.length);

/** Domain hits with positions; each task word counts for at most one phrase (the longest). */
export function matchDomains(tokens: readonly string[]): Map<TaskDomain, { keyword: string; at: number }[]> {
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
const RELEASE_WORD = tokenize('release');

/**
 * The domains a task text names, in {@link TASK_DOMAINS} order: from {@link DOMAIN_KEYWORDS},
 * and the four release gates' domains for a release that names no area. Empty when nothing
 * matches (never `general`).
 *
 * @example
 * textDomains('improve test coverage'); // ['testing']
 */
export function textDomains(text: string): TaskDomain[] {
  const tokens = tokenize(text);
  const found = new Set(matchDomains(tokens).keys());
  if (found.size === 0 && findPhrase(tokens, RELEASE_WORD) >= 0)
    for (const d of RELEASE_DOMAINS) found.add(d);
  return TASK_DOMAINS.filter((d) => found.has(d));
}
