/**
 * Literals mined from existing tests and from the code under test (string and number
 * literals, plus the neighbours of integer constants), used to seed argument pools.
 *
 * @module
 */

/** Mined literals as source expressions (JSON-compatible, valid in JS and Python). */
export interface MinedLiterals {
  strings: string[];
  numbers: string[];
  /** Property names read from option-like parameters (`options.long` -> `long`). */
  optionKeys: string[];
}

const OPTION_READ = /\b(?:options|opts|option|config|cfg|settings|params|o)\s*(?:\.|\?\.)\s*([A-Za-z_$][\w$]*)|\b(?:options|opts|config|settings)\s*\[\s*['"]([\w$-]+)['"]\s*\]/g;

const STRING = /(["'])((?:\\.|(?!\1)[^\\\n]){0,40})\1/g;
const NUMBER = /(?<![\w$.])-?\d+(?:\.\d+)?(?![\w$.])/g;

/**
 * Mines string and number literals from `texts` (at most `limit` of each, most frequent
 * first). Integer literals also contribute their neighbours (n-1, n+1) to reach boundaries.
 *
 * @example
 * mineLiterals(["if (ms < 1000) return 'fast';"]).numbers; // ['1000', '999', '1001']
 */
export function mineLiterals(texts: readonly string[], limit = 40): MinedLiterals {
  const strings = new Map<string, number>();
  const numbers = new Map<string, number>();
  const keys = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const text of texts) {
    const noComments = text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|\s)(\/\/|#).*$/gm, ' ');
    for (const m of noComments.matchAll(STRING)) {
      const body = m[2] ?? '';
      let value: string;
      try {
        value = m[1] === '"' ? (JSON.parse(`"${body}"`) as string) : (JSON.parse(`"${body.replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string);
      } catch {
        continue;
      }
      if (/^(use strict|node:|\.{0,2}\/)/.test(value)) continue;
      bump(strings, JSON.stringify(value));
    }
    for (const m of noComments.matchAll(OPTION_READ)) bump(keys, (m[1] ?? m[2]) as string);
    for (const m of noComments.replace(STRING, ' ').matchAll(NUMBER)) {
      const n = Number(m[0]);
      if (!Number.isFinite(n) || Math.abs(n) > 1e12) continue;
      bump(numbers, String(n));
      if (Number.isInteger(n) && Math.abs(n) > 1) {
        bump(numbers, String(n - 1));
        bump(numbers, String(n + 1));
      }
    }
  }
  const top = (map: Map<string, number>) =>
    [...map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, limit).map(([k]) => k);
  return { strings: top(strings), numbers: top(numbers), optionKeys: top(keys).slice(0, 12) };
}
