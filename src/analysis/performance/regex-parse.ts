/**
 * A small parser of JavaScript and Python regular expressions, precise enough for the
 * backtracking-risk heuristic of `regex-risk.ts` (not a validator). Single-character matchers
 * (literals, classes, escapes, `.`) become a {@link CharSet} over ASCII plus an "other
 * characters" flag. Unknown or broken syntax gives `null` (the caller then reports nothing).
 *
 * @module
 */

/** The characters a single-character matcher accepts: ASCII bits plus "some non-ASCII char". */
export interface CharSet {
  bits: Uint32Array;
  other: boolean;
}

/** Regex syntax tree. */
export type RegexNode =
  | { type: 'char'; set: CharSet }
  | { type: 'seq'; items: RegexNode[] }
  | { type: 'alt'; alternatives: RegexNode[] }
  | { type: 'group'; body: RegexNode; lookaround: boolean; atomic: boolean }
  | { type: 'repeat'; body: RegexNode; min: number; max: number; possessive: boolean }
  | { type: 'assert' }
  | { type: 'backref' };

/** Which dialect to parse. */
export type RegexDialect = 'js' | 'python';

const emptySet = (): CharSet => ({ bits: new Uint32Array(4), other: false });

function addRange(set: CharSet, from: number, to: number): void {
  for (let c = from; c <= Math.min(to, 127); c++) set.bits[c >> 5]! |= 1 << (c & 31);
  if (to > 127) set.other = true;
}

function negate(set: CharSet): CharSet {
  const out = emptySet();
  for (let i = 0; i < 4; i++) out.bits[i] = ~set.bits[i]! >>> 0;
  out.other = true;
  return out;
}

function union(a: CharSet, b: CharSet): CharSet {
  const out = emptySet();
  for (let i = 0; i < 4; i++) out.bits[i] = a.bits[i]! | b.bits[i]!;
  out.other = a.other || b.other;
  return out;
}

/** True when some character is in both sets. */
export function intersects(a: CharSet, b: CharSet): boolean {
  for (let i = 0; i < 4; i++) if ((a.bits[i]! & b.bits[i]!) !== 0) return true;
  return a.other && b.other;
}

function single(c: number, ignoreCase: boolean): CharSet {
  const set = emptySet();
  addRange(set, c, c);
  if (ignoreCase && c < 128) {
    const ch = String.fromCharCode(c);
    addRange(set, ch.toLowerCase().charCodeAt(0), ch.toLowerCase().charCodeAt(0));
    addRange(set, ch.toUpperCase().charCodeAt(0), ch.toUpperCase().charCodeAt(0));
  }
  return set;
}

function classSet(letter: string): CharSet | null {
  const set = emptySet();
  switch (letter.toLowerCase()) {
    case 'd':
      addRange(set, 48, 57);
      break;
    case 'w':
      addRange(set, 48, 57);
      addRange(set, 65, 90);
      addRange(set, 97, 122);
      addRange(set, 95, 95);
      break;
    case 's':
      addRange(set, 9, 13);
      addRange(set, 32, 32);
      set.other = true; // Unicode spaces
      break;
    default:
      return null;
  }
  return letter === letter.toUpperCase() ? negate(set) : set;
}

const DOT = (() => negate(single(10, false)))();
const ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, v: 11, f: 12, '0': 0, a: 7 };

class Parser {
  private pos = 0;
  ignoreCase: boolean;

  constructor(
    private readonly src: string,
    private readonly dialect: RegexDialect,
    ignoreCase: boolean,
  ) {
    this.ignoreCase = ignoreCase;
  }

  parse(): RegexNode {
    const node = this.alternation();
    if (this.pos < this.src.length) throw new Error(`unexpected ${this.src[this.pos]}`);
    return node;
  }

  private peek(): string | undefined {
    return this.src[this.pos];
  }

  private alternation(): RegexNode {
    const alternatives = [this.sequence()];
    while (this.peek() === '|') {
      this.pos++;
      alternatives.push(this.sequence());
    }
    return alternatives.length === 1 ? alternatives[0]! : { type: 'alt', alternatives };
  }

  private sequence(): RegexNode {
    const items: RegexNode[] = [];
    while (this.pos < this.src.length && this.peek() !== '|' && this.peek() !== ')') {
      const atom = this.atom();
      if (atom) items.push(this.quantified(atom));
    }
    return items.length === 1 ? items[0]! : { type: 'seq', items };
  }

  private quantified(atom: RegexNode): RegexNode {
    let node = atom;
    for (;;) {
      const c = this.peek();
      let min: number;
      let max: number;
      if (c === '*') [min, max] = [0, Infinity];
      else if (c === '+') [min, max] = [1, Infinity];
      else if (c === '?') [min, max] = [0, 1];
      else if (c === '{') {
        const m = /^\{(\d*)(,?)(\d*)\}/.exec(this.src.slice(this.pos));
        if (!m || (m[1] === '' && (this.dialect === 'js' || m[3] === ''))) return node; // a literal `{`
        min = m[1] === '' ? 0 : Number(m[1]);
        max = m[2] === '' ? min : m[3] === '' ? Infinity : Number(m[3]);
        this.pos += m[0].length - 1;
      } else return node;
      this.pos++;
      let possessive = false;
      if (this.peek() === '?') this.pos++;
      else if (this.peek() === '+' && this.dialect === 'python') {
        this.pos++;
        possessive = true;
      }
      node = { type: 'repeat', body: node, min, max, possessive };
    }
  }

  private atom(): RegexNode | null {
    const c = this.src[this.pos++]!;
    if (c === '^' || c === '$') return { type: 'assert' };
    if (c === '.') return { type: 'char', set: DOT };
    if (c === '[') return { type: 'char', set: this.charClass() };
    if (c === '(') return this.group();
    if (c === '\\') return this.escape();
    if (c === '*' || c === '+' || c === '?') throw new Error('nothing to repeat');
    return { type: 'char', set: single(c.codePointAt(0)!, this.ignoreCase) };
  }

  private group(): RegexNode | null {
    let lookaround = false;
    let atomic = false;
    if (this.peek() === '?') {
      const rest = this.src.slice(this.pos + 1);
      const m = /^(?::|=|!|<=|<!|>|P<\w+>|<\w+>)/.exec(rest);
      if (m) {
        lookaround = ['=', '!', '<=', '<!'].includes(m[0]);
        atomic = m[0] === '>';
        this.pos += 1 + m[0].length;
      } else if (rest.startsWith('P=')) {
        const end = this.src.indexOf(')', this.pos);
        if (end < 0) throw new Error('unterminated group');
        this.pos = end + 1;
        return { type: 'backref' };
      } else if (rest.startsWith('#')) {
        const end = this.src.indexOf(')', this.pos);
        if (end < 0) throw new Error('unterminated comment');
        this.pos = end + 1;
        return null;
      } else {
        const flags = /^([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])/.exec(rest);
        if (!flags) throw new Error('unknown group');
        if (flags[1]!.includes('i')) this.ignoreCase = true;
        this.pos += 1 + flags[0].length;
        if (flags[3] === ')') return null; // inline global flags, e.g. (?i)
      }
    }
    const body = this.alternation();
    if (this.src[this.pos++] !== ')') throw new Error('unterminated group');
    return { type: 'group', body, lookaround, atomic };
  }

  private escape(): RegexNode {
    const c = this.src[this.pos++];
    if (c === undefined) throw new Error('trailing backslash');
    if ('bBAZzG'.includes(c) && (c === 'b' || c === 'B' || this.dialect === 'python'))
      return { type: 'assert' };
    if (/[1-9]/.test(c)) {
      while (/\d/.test(this.peek() ?? '')) this.pos++;
      return { type: 'backref' };
    }
    if (c === 'k' && this.peek() === '<') {
      this.pos = this.src.indexOf('>', this.pos) + 1;
      return { type: 'backref' };
    }
    return { type: 'char', set: this.escapedSet(c) };
  }

  /** The set of an escape (after the backslash), inside or outside a class. */
  private escapedSet(c: string): CharSet {
    const cls = classSet(c);
    if (cls) return cls;
    if (c === 'p' || c === 'P') {
      const end = this.peek() === '{' ? this.src.indexOf('}', this.pos) : this.pos;
      this.pos = end + 1;
      const set = emptySet();
      addRange(set, 65, 90);
      addRange(set, 97, 122);
      set.other = true; // Unicode property: assume letters and other characters
      return c === 'P' ? negate(set) : set;
    }
    const hex = c === 'x' ? /^[0-9a-fA-F]{2}/ : c === 'u' ? /^(?:\{[0-9a-fA-F]+\}|[0-9a-fA-F]{4})/ : null;
    if (hex) {
      const m = hex.exec(this.src.slice(this.pos));
      if (m) {
        this.pos += m[0].length;
        return single(parseInt(m[0].replace(/[{}]/g, ''), 16), this.ignoreCase);
      }
    }
    if (c === 'c' && /[a-zA-Z]/.test(this.peek() ?? '')) {
      return single(this.src.charCodeAt(this.pos++) % 32, false);
    }
    const code = ESCAPES[c];
    return single(code ?? c.codePointAt(0)!, this.ignoreCase);
  }

  private charClass(): CharSet {
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.pos++;
    }
    let set = emptySet();
    let first = true;
    for (;;) {
      const c = this.src[this.pos++];
      if (c === undefined) throw new Error('unterminated class');
      if (c === ']' && !(first && this.dialect === 'python')) break;
      first = false;
      let from: CharSet;
      let code: number | null;
      if (c === '\\') {
        const e = this.src[this.pos++];
        if (e === undefined) throw new Error('trailing backslash');
        from = e === 'b' ? single(8, false) : this.escapedSet(e);
        code = classSet(e) || e === 'p' || e === 'P' ? null : firstCode(from);
      } else {
        from = single(c.codePointAt(0)!, this.ignoreCase);
        code = c.codePointAt(0)!;
      }
      if (
        this.peek() === '-' &&
        this.src[this.pos + 1] !== ']' &&
        this.src[this.pos + 1] !== undefined &&
        code !== null
      ) {
        this.pos++;
        let to = this.src[this.pos++]!;
        let toCode = to.codePointAt(0)!;
        if (to === '\\') {
          to = this.src[this.pos++] ?? '';
          toCode = firstCode(this.escapedSet(to)) ?? toCode;
        }
        const range = emptySet();
        addRange(range, code, toCode);
        if (this.ignoreCase)
          for (let x = code; x <= Math.min(toCode, 127); x++) set = union(set, single(x, true));
        set = union(set, range);
      } else set = union(set, from);
    }
    return negated ? negate(set) : set;
  }
}

function firstCode(set: CharSet): number | null {
  for (let c = 0; c < 128; c++) if ((set.bits[c >> 5]! & (1 << (c & 31))) !== 0) return c;
  return null;
}

/**
 * Parses a pattern; null when it uses syntax this parser does not know (or is invalid).
 *
 * @example
 * parseRegex('(a+)+$', 'js', false)?.type; // 'seq'
 */
export function parseRegex(pattern: string, dialect: RegexDialect, ignoreCase: boolean): RegexNode | null {
  try {
    return new Parser(pattern, dialect, ignoreCase).parse();
  } catch {
    return null;
  }
}
