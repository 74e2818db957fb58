/**
 * How similar two task descriptions are, for cross-task retrieval in the pattern library.
 *
 * - Text: both texts are split into the task vocabulary's stemmed tokens (on spaces,
 *   punctuation, `_`, `-` and camelCase; `task-vocabulary.ts`), stop words dropped. Two tokens match when equal, or when the shorter
 *   (at least 4 letters) is a prefix of the longer (`prep` ~ `preparation`, `test` ~
 *   `testing`). Similarity is the Dice coefficient over matched tokens: (tokens of A with a
 *   match in B + tokens of B with a match in A) / (|A| + |B|), 0..1.
 * - Domains: the Jaccard overlap of the two domain sets, 0..1. Domains of a text are
 *   inferred from the task vocabulary's domain keywords ({@link inferDomains}) when not given.
 * - Score: `0.6 · text + 0.4 · domains` when both sides have domains (other than
 *   `general`, which says nothing), else the text alone.
 *
 * @module
 */
import type { TaskDomain } from '../../types.js';
import { splitWords, stem, textDomains } from './task-vocabulary.js';

export { TASK_DOMAINS } from './task-vocabulary.js';

const STOP_WORDS = new Set([
  'a',
  'an',
  'and',
  'the',
  'of',
  'for',
  'to',
  'in',
  'on',
  'with',
  'my',
  'our',
  'this',
  'that',
  'all',
  'is',
  'are',
  'be',
  'it',
  'its',
  'into',
  'by',
  'at',
  'as',
  'or',
  'from',
  'run',
  'do',
  'make',
  'comp',
]);

/**
 * The content tokens of `text`: its stemmed tokens (the task vocabulary's {@link splitWords}
 * and {@link stem}) without stop words, one-letter words and 12-hex-digit ids; unique, in
 * first-seen order.
 *
 * @example
 * contentTokens('Run the release preparation for comp_release_prep_fc9051551555'); // ['releas', 'preparation', 'prep']
 */
export function contentTokens(text: string): string[] {
  const words = splitWords(text)
    .filter((word) => word.length > 1 && !STOP_WORDS.has(word) && !/^[0-9a-f]{12}$/.test(word))
    .map(stem);
  return [...new Set(words)];
}

function tokensMatch(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 4 && long.startsWith(short);
}

/**
 * Dice similarity of the token sets of two texts (with prefix matching), 0..1.
 *
 * @example
 * textSimilarity('release preparation', 'release_prep'); // 1
 */
export function textSimilarity(a: string | string[], b: string | string[]): number {
  const ta = Array.isArray(a) ? a : contentTokens(a);
  const tb = Array.isArray(b) ? b : contentTokens(b);
  if (ta.length === 0 || tb.length === 0) return 0;
  const matchedA = ta.filter((x) => tb.some((y) => tokensMatch(x, y))).length;
  const matchedB = tb.filter((y) => ta.some((x) => tokensMatch(x, y))).length;
  return (matchedA + matchedB) / (ta.length + tb.length);
}

/** Jaccard overlap of two domain sets, 0..1 (0 when either is empty). */
export function domainOverlap(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const sa = new Set(a);
  const sb = new Set(b);
  let shared = 0;
  for (const x of sa) if (sb.has(x)) shared += 1;
  return shared / (sa.size + sb.size - shared);
}

/**
 * Domains a task text touches: the task vocabulary's {@link textDomains} (the same keywords
 * task analysis uses; e.g. `coverage` -> testing, `vulnerability` -> security; a release that
 * names no area touches security, testing, code quality and docs). Empty when nothing matches.
 */
export function inferDomains(text: string): TaskDomain[] {
  return textDomains(text);
}

/** The parts of a similarity score. */
export interface TaskSimilarity {
  /** 0..1 */
  score: number;
  textSimilarity: number;
  /** null when either side has no domains. */
  domainOverlap: number | null;
}

/** Scores a stored task (text + domains) against a query (text + domains). See the module doc. */
export function taskSimilarity(
  query: { text: string; domains: readonly string[] },
  candidate: { text: string; domains: readonly string[] },
): TaskSimilarity {
  const text = textSimilarity(query.text, candidate.text);
  // 'general' says nothing about a task: two "general" tasks are not alike because of it.
  const qd = query.domains.filter((d) => d !== 'general');
  const cd = candidate.domains.filter((d) => d !== 'general');
  if (qd.length === 0 || cd.length === 0) {
    return { score: text, textSimilarity: text, domainOverlap: null };
  }
  const domains = domainOverlap(qd, cd);
  return { score: 0.6 * text + 0.4 * domains, textSimilarity: text, domainOverlap: domains };
}
