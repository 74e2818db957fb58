/**
 * Parameter type hints mined from JS/TS source text: TypeScript annotations
 * (`name?: string = 'x'`) and JSDoc `@param {type} name` tags. A text scan, not a parser: it
 * reads the parameter lists of `function f(...)`, methods `f(...) {` and arrow functions
 * `f = (...) =>`, with one level of nested parentheses.
 *
 * @module
 */

/** Function or method name -> parameter name -> type text. */
export type TypeHints = Record<string, Record<string, string>>;

const SIGNATURE =
  /(?:function\s*\*?\s*([A-Za-z_$][\w$]*)|([A-Za-z_$][\w$]*)\s*(?:=\s*(?:async\s*)?)?)\s*(?:<[^<>()]*(?:<[^<>()]*>[^<>()]*)*>)?\s*\(((?:[^()]|\([^()]*\))*)\)\s*(?::\s*[^{;=]+?)?\s*(?:\{|=>)/g;
const KEYWORDS = new Set(['if', 'for', 'while', 'switch', 'catch', 'return', 'function', 'typeof', 'await', 'new']);

function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of text) {
    if ('([{<'.includes(c)) depth += 1;
    if (')]}>'.includes(c)) depth -= 1;
    if (c === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  if (current.trim() !== '') parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** Parses one TypeScript parameter list into name -> type text (parameters without a type are left out). */
export function parameterTypes(list: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of splitTop(list)) {
    const param = raw.replace(/^(public|private|protected|readonly)\s+/, '').replace(/^\.\.\./, '');
    const m = /^([A-Za-z_$][\w$]*)\s*\??\s*:\s*([^=]+?)\s*(?:=.*)?$/.exec(param);
    if (m?.[1] && m[2]) out[m[1]] = m[2].trim();
  }
  return out;
}

/** JSDoc `@param {type} name` tags of the comment block that ends right before `offset`. */
function jsDocBefore(source: string, offset: number): Record<string, string> {
  const before = source.slice(0, offset).trimEnd();
  if (!before.endsWith('*/')) return {};
  const start = before.lastIndexOf('/**');
  if (start < 0) return {};
  const out: Record<string, string> = {};
  for (const m of before.slice(start).matchAll(/@param\s+\{([^}]+)\}\s+\[?([A-Za-z_$][\w$]*)/g)) {
    if (m[1] && m[2]) out[m[2]] = m[1].trim().replace(/^\?/, '');
  }
  return out;
}

/**
 * Collects parameter type hints of every function and method in `source`.
 *
 * @example
 * extractTypeHints('export function clamp(value: number, min = 0) {}'); // { clamp: { value: 'number' } }
 */
export function extractTypeHints(source: string): TypeHints {
  const hints: TypeHints = {};
  for (const m of source.matchAll(SIGNATURE)) {
    const name = m[1] ?? m[2];
    if (!name || KEYWORDS.has(name)) continue;
    const lineStart = source.lastIndexOf('\n', m.index) + 1;
    const types = { ...jsDocBefore(source, lineStart), ...parameterTypes(m[3] ?? '') };
    if (Object.keys(types).length > 0) hints[name] = { ...(hints[name] ?? {}), ...types };
  }
  return hints;
}
