/**
 * Redaction passes that a single regular expression cannot express, applied by
 * `redactSecrets` after secretlint and the token-shape patterns:
 *
 * - **PEM bodies without their BEGIN line** (an excerpt window that starts inside a key):
 *   lines that are nothing but base64 and are as long as a PEM line (60+ characters), or
 *   shorter base64 lines next to such a line or to a BEGIN/END marker; also base64 runs of
 *   60+ characters inside other text (a key body JSON-escaped into tool output).
 * - **Bare high-entropy secrets**: a 40-character base64-ish word with upper case, lower case
 *   and digits (the shape of an AWS secret access key), quoted or not; and quoted literals of
 *   20+ token characters whose Shannon entropy is high (generic API tokens in assignments,
 *   arrays or object literals, whatever the variable is called).
 * - **Secrets inside arrays and object literals** named like secrets
 *   (`passwords = ["...", "..."]`, `credentials: { db: "..." }`): every string value inside
 *   the brackets is removed, keys are kept.
 *
 * Excerpts are numbered (`12| text`) before redaction; the numbering is kept.
 *
 * @module
 */

/** A pass: returns the new text and pushes one rule name per removed secret. */
type Pass = (text: string, removed: string[]) => string;

const mark = (rule: string): string => `[REDACTED:${rule}]`;

/** Bits of Shannon entropy per character of `s`. */
export function shannonEntropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

const hasMixedClasses = (s: string): boolean => /[A-Z]/.test(s) && /[a-z]/.test(s) && /\d/.test(s);

/** `12| ` numbering of an excerpt line, optional indentation, then the content. */
const NUMBERED = /^(\s*\d+\| )?(.*)$/;
const PEM_MARKER = /-----(?:BEGIN|END) [A-Z ]*PRIVATE KEY-----/;
const BASE64_LINE = /^\s*["'`]?([A-Za-z0-9+/]{16,}={0,2})["'`]?\s*[,;+]?\s*(?:\\n)?["'`]?\s*$/;

function base64LineBody(line: string): string | null {
  const content = NUMBERED.exec(line)?.[2] ?? line;
  return BASE64_LINE.exec(content)?.[1] ?? null;
}

const isMarker = (line: string | undefined): boolean => line !== undefined && PEM_MARKER.test(line);

/** Lines of base64 that belong to a PEM body, even when the BEGIN line is outside the text. */
const pemBodyLines: Pass = (text, removed) => {
  const lines = text.split('\n');
  const body = lines.map((line) => base64LineBody(line));
  const long = body.map((b) => b !== null && b.length >= 60 && hasMixedClasses(b));
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    const b = body[i];
    if (b === null || b === undefined) continue;
    const besideKey =
      long[i] === true ||
      (body[i - 1] !== null && long[i - 1] === true) ||
      (body[i + 1] !== null && long[i + 1] === true) ||
      isMarker(lines[i - 1]) ||
      isMarker(lines[i + 1]);
    if (!besideKey) continue;
    const line = lines[i] ?? '';
    lines[i] = line.replace(b, mark('pem-body'));
    removed.push('pem-body');
    changed = true;
  }
  return changed ? lines.join('\n') : text;
};

/** Base64 runs of 60+ characters anywhere (a key body escaped into JSON or one long line). */
const longBase64Runs: Pass = (text, removed) =>
  text.replace(/(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{60,}={0,2}/g, (run) => {
    if (!hasMixedClasses(run) || shannonEntropy(run) < 4) return run;
    removed.push('pem-body');
    return mark('pem-body');
  });

/** 40-character base64-ish words with mixed classes: AWS secret access keys and the like. */
const awsSecretKeys: Pass = (text, removed) =>
  text.replace(/(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])/g, (word) => {
    if (!hasMixedClasses(word) || shannonEntropy(word) < 3.5) return word;
    removed.push('aws-secret-key');
    return mark('aws-secret-key');
  });

/** Whether a quoted literal looks like a generated token rather than words, paths or code. */
export function looksLikeToken(value: string): boolean {
  if (value.length < 20 || !/^[A-Za-z0-9+/=_-]+$/.test(value)) return false;
  if (value.startsWith('/')) return false; // an absolute path (e.g. the project root in tool facts)
  if (hasMixedClasses(value)) return shannonEntropy(value) >= 3.5;
  // Lower-case hex and similar: only long ones with digits and letters.
  return value.length >= 32 && /\d/.test(value) && /[a-z]/i.test(value) && shannonEntropy(value) >= 3.2;
}

/** Quoted literals that look like generated tokens. */
const highEntropyLiterals: Pass = (text, removed) =>
  text.replace(/(["'`])([A-Za-z0-9+/=_-]{20,})\1/g, (whole, quote: string, value: string) => {
    if (!looksLikeToken(value)) return whole;
    removed.push('high-entropy');
    return `${quote}${mark('high-entropy')}${quote}`;
  });

/** A name that ends with a secret word (`passwords`, `API_KEYS`, `dbCredentials`; not `secret_scan`). */
const SECRET_NAME =
  /\b[\w.-]*?(?:password|passwd|pwd|secret|token|credential|(?:api|access|private|secret|signing)[_-]?key)s?["']?\s{0,3}[:=]\s{0,3}([[{])/gi;
/** Most characters of a container scanned after its opening bracket. */
const CONTAINER_LIMIT = 4000;

function closingIndex(text: string, open: number): number {
  let depth = 0;
  const end = Math.min(text.length, open + CONTAINER_LIMIT);
  for (let i = open; i < end; i++) {
    const ch = text[i];
    if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return end;
}

/** Every string value inside an array or object literal named like a secret (keys are kept). */
const secretContainers: Pass = (text, removed) => {
  let result = '';
  let from = 0;
  SECRET_NAME.lastIndex = 0;
  for (let match = SECRET_NAME.exec(text); match; match = SECRET_NAME.exec(text)) {
    const open = match.index + match[0].length - 1;
    if (open < from) continue;
    const close = closingIndex(text, open);
    const inside = text
      .slice(open, close)
      .replace(/(["'`])((?:(?!\1)[^\\\n]|\\.){4,}?)\1(?!\s*:)/g, (whole, quote: string, value: string) => {
        if (value.startsWith('[REDACTED')) return whole;
        removed.push('secret-in-list');
        return `${quote}${mark('secret-in-list')}${quote}`;
      });
    result += text.slice(from, open) + inside;
    from = close;
    SECRET_NAME.lastIndex = Math.max(close, SECRET_NAME.lastIndex);
  }
  return from === 0 ? text : result + text.slice(from);
};

/** The passes in the order `redactSecrets` applies them. */
export const EXTRA_PASSES: readonly Pass[] = [
  secretContainers,
  pemBodyLines,
  longBase64Runs,
  awsSecretKeys,
  highEntropyLiterals,
];

/**
 * Applies every extra pass to `text`.
 *
 * @example
 * const removed: string[] = [];
 * redactExtra('const k = ["' + 'x'.repeat(2) + '"]', removed);
 */
export function redactExtra(text: string, removed: string[]): string {
  let result = text;
  for (const pass of EXTRA_PASSES) result = pass(result, removed);
  return result;
}
