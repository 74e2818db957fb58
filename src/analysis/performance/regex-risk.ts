/**
 * Super-linear (catastrophic backtracking) regular expressions: a documented heuristic in the
 * spirit of safe-regex, with fewer false positives. Two shapes are reported, both under an
 * unbounded quantifier (`*`, `+`, `{n,}`) that is not possessive or atomic:
 *
 * 1. **Nested quantifier** (star height 2 with ambiguity): the repeated body contains a loop X
 *    of variable length (`+`, `*`, `?`, `{2,4}`, ...) such that everything else in the body
 *    either can match the empty string, or (when X repeats a single-character matcher) consists
 *    of single characters X can also match. `(a+)+`, `(\w+\s?)*`, `(\d+\.?)+`, `(.*a)+`,
 *    `(a?a)+`, `([a-z]{2,4})+` are reported; `(a+b)+` and `(\w+\s)+` are not (each iteration
 *    must end on a character the inner loop cannot take).
 * 2. **Overlapping alternation**: the repeated body is an alternation with two alternatives
 *    made only of single-character matchers, where the longer one can be read as repetitions
 *    of the shorter one (position-wise overlapping character sets): `(a|a)*`, `(a|aa)+`,
 *    `(\d|\w)+`, `(.|\s)*`, `(ab|a.)*`.
 *
 * Not detected (documented limits): polynomial patterns such as `\s+$` or `.*.*=`, ambiguity
 * that needs three alternatives (`(a|b|ab)*`), ambiguity through backreferences, and any
 * pattern the small parser cannot read.
 *
 * @module
 */
import { intersects, parseRegex, type CharSet, type RegexDialect, type RegexNode } from './regex-parse.js';

/** Why a pattern was reported. */
export type RegexRisk = 'nested-quantifier' | 'overlapping-alternation';

function unwrap(node: RegexNode): RegexNode {
  while (node.type === 'group' && !node.lookaround && !node.atomic) node = node.body;
  return node;
}

function nullable(node: RegexNode): boolean {
  switch (node.type) {
    case 'char':
      return false;
    case 'seq':
      return node.items.every(nullable);
    case 'alt':
      return node.alternatives.some(nullable);
    case 'group':
      return node.lookaround || nullable(node.body);
    case 'repeat':
      return node.min === 0 || nullable(node.body);
    default:
      return true;
  }
}

type Repeat = Extract<RegexNode, { type: 'repeat' }>;

function isUnbounded(node: RegexNode): node is Repeat {
  return node.type === 'repeat' && node.max === Infinity && !node.possessive;
}

/** A loop that can take a varying number of iterations (`+`, `*`, `?`, `{2,4}`...). */
function isVariableLoop(node: RegexNode): node is Repeat {
  return node.type === 'repeat' && node.max > node.min && !node.possessive;
}

/** The set of a single-character matcher (through plain groups), else null. */
function charSetOf(node: RegexNode): CharSet | null {
  const inner = unwrap(node);
  return inner.type === 'char' ? inner.set : null;
}

/** True when `node` (a repeated body) holds an ambiguous inner loop (see the module comment). */
function hasAmbiguousInnerLoop(node: RegexNode): boolean {
  const n = unwrap(node);
  // Alone, a loop is ambiguous under an outer loop when it can take two non-empty lengths.
  if (isVariableLoop(n)) return !nullable(n.body) && n.max >= 2;
  if (n.type === 'alt') return n.alternatives.some(hasAmbiguousInnerLoop);
  if (n.type !== 'seq') return false;
  return n.items.some((item, i) => {
    const others = n.items.filter((_, j) => j !== i && !nullable(n.items[j]!));
    if (others.length === 0) return hasAmbiguousInnerLoop(item);
    const inner = unwrap(item);
    if (!isVariableLoop(inner) || nullable(inner.body)) return false;
    const innerSet = charSetOf(inner.body);
    return (
      innerSet !== null &&
      others.every((other) => {
        const set = charSetOf(other);
        return set !== null && intersects(innerSet, set);
      })
    );
  });
}

/** The alternative as a fixed string of character sets, or null. */
function fixedSets(node: RegexNode): CharSet[] | null {
  const n = unwrap(node);
  if (n.type === 'char') return [n.set];
  if (n.type !== 'seq' || n.items.length === 0) return null;
  const out: CharSet[] = [];
  for (const item of n.items) {
    const set = charSetOf(item);
    if (set === null) return null;
    out.push(set);
  }
  return out;
}

function overlappingAlternation(body: RegexNode): boolean {
  const alt = unwrap(body);
  if (alt.type !== 'alt') return false;
  const fixed = alt.alternatives.map(fixedSets).filter((f): f is CharSet[] => f !== null);
  for (let i = 0; i < fixed.length; i++) {
    for (let j = i + 1; j < fixed.length; j++) {
      const [short, long] =
        fixed[i]!.length <= fixed[j]!.length ? [fixed[i]!, fixed[j]!] : [fixed[j]!, fixed[i]!];
      if (long.length % short.length !== 0) continue;
      if (long.every((set, k) => intersects(set, short[k % short.length]!))) return true;
    }
  }
  return false;
}

function findRisk(node: RegexNode): RegexRisk | null {
  switch (node.type) {
    case 'repeat': {
      if (isUnbounded(node)) {
        if (hasAmbiguousInnerLoop(node.body)) return 'nested-quantifier';
        if (overlappingAlternation(node.body)) return 'overlapping-alternation';
      }
      return node.possessive ? null : findRisk(node.body);
    }
    case 'group':
      return node.atomic ? null : findRisk(node.body);
    case 'seq':
      return node.items.reduce<RegexRisk | null>((found, item) => found ?? findRisk(item), null);
    case 'alt':
      return node.alternatives.reduce<RegexRisk | null>((found, item) => found ?? findRisk(item), null);
    default:
      return null;
  }
}

/**
 * The backtracking risk of a pattern, or null when none of the shapes is found (or the pattern
 * cannot be parsed).
 *
 * @example
 * regexRisk('^(a+)+$', 'js', ''); // 'nested-quantifier'
 * regexRisk('^(\\d|\\w)*$', 'js', ''); // 'overlapping-alternation'
 * regexRisk('^[a-z]+\\d+$', 'js', ''); // null
 */
export function regexRisk(pattern: string, dialect: RegexDialect, flags: string): RegexRisk | null {
  const tree = parseRegex(pattern, dialect, flags.includes('i'));
  return tree === null ? null : findRisk(tree);
}
