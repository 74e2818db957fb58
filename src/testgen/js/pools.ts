/**
 * The pools of argument values (as JavaScript source) the JS harness draws from, by kind,
 * extended with literals mined from the project.
 *
 * @module
 */
import type { MinedLiterals } from '../literals.js';

/** Argument pools by kind (`number`, `string`, ..., `any` for parameters of unknown type). */
export type ValuePools = Record<string, string[]>;

/** The edge-value pools before mined literals are added. */
export const BASE_POOLS: Readonly<ValuePools> = {
  number: ['1', '0', '-1', '2', '3', '10', '0.5', '-2.5', '100', '1000', '1e21', 'NaN', 'Infinity', '-Infinity', '2147483648'],
  bigint: ['1n', '0n', '-1n', '100n'],
  string: ['"abc"', '""', '"a"', '"Hello World"', '" padded "', '"1"', '"-1"', '"1.5"', '"a,b"', '"a b c"', '"x-y_z"', '"ABC"', '"\\n"', '"true"', '"null"', '"🙂"', '"<a href=\\"x\\">&\'</a>"'],
  /** Common web and data formats many npm packages parse. */
  formats: ['"text/html"', '"text/html; charset=utf-8"', '"application/json"', '"image/svg+xml; q=0.5"', '"bytes=0-5"', '"bytes=0-1,5-9,-3"', '"a=b; c=d"', '"foo=bar"', '"a=1&b=2"', '"Accept-Encoding, Origin"', '"*"', '"2020-01-02T03:04:05Z"', '"http://user:pw@example.com:8080/a/b?c=1#d"', '"1.2.3"', '"#ff8800"', '"/a/b/../c"', '"a.b.c"', '"  x  "', '"%20a%zz"', '"\\"quoted\\""'],
  boolean: ['true', 'false'],
  array: ['[1, 2, 3]', '[]', '["a", "b"]', '[3, 1, 2]', '[0]', '[[0, 0], [1, 0], [1, 1]]', '[null]', '[1, "a", true]'],
  'number-array': ['[1, 2, 3]', '[]', '[3, 1, 2]', '[0]', '[-1, 0.5, 10]', '[NaN]'],
  'string-array': ['["a", "b"]', '[]', '[""]', '["b", "a", "c"]'],
  object: ['{ "a": 1 }', '{}', '{ "a": 1, "b": "x" }', 'null', '{ "a": { "b": [1] } }', '[]'],
  function: ['(x) => x', '() => true', '() => false', '(a, b) => a - b', '(x) => x * 2', '() => { throw new Error("boom"); }', 'async (x) => x', '(x, callback) => callback(null, x)', '(x, callback) => callback(new Error("boom"))'],
  /** Readable streams (`streamOf` is defined in the harness and in every file that uses it). */
  stream: ['streamOf(["abc", "def"])', 'streamOf([])', 'streamOf([{ "a": 1 }, { "a": 2 }])'],
  any: ['undefined', 'null', '0', '1', '-1', '""', '"abc"', 'true', 'false', '[]', '[1, 2, 3]', '{}', '{ "a": 1 }', '2.5', '(x) => x', '(x, callback) => callback(null, x)'],
};

/** The pools with mined literals added (mined numbers/strings first after the most typical value). */
export function poolsWith(mined: MinedLiterals): ValuePools {
  const merge = (base: readonly string[], extra: readonly string[]) => [...new Set([base[0] as string, ...extra, ...base.slice(1)])];
  // Numbers followed by short words of the code ("2 days", "1kb"): inputs of parsers of units.
  const words = mined.strings.map((s) => JSON.parse(s) as string).filter((w) => /^[A-Za-z]{1,12}$/.test(w)).slice(0, 20);
  const composed = words.flatMap((w) => [JSON.stringify(`2${w}`), JSON.stringify(`1.5 ${w}`)]);
  const objects = mined.optionKeys.flatMap((k) => [`{ ${JSON.stringify(k)}: true }`, `{ ${JSON.stringify(k)}: 1 }`, `{ ${JSON.stringify(k)}: "abc" }`]);
  // Whole shapes from what the code reads and calls on its objects.
  const keys = [...new Set([...mined.optionKeys, ...mined.propertyKeys])];
  if (keys.length > 0) {
    objects.push(`{ ${keys.map((k) => `${JSON.stringify(k)}: "text/html"`).join(', ')} }`);
    objects.push(`{ ${keys.map((k) => `${JSON.stringify(k)}: 1`).join(', ')} }`);
    objects.push(`{ ${keys.map((k, i) => `${JSON.stringify(k)}: ${i % 2 ? '{ "a": "b" }' : '"a"'}`).join(', ')} }`);
  }
  if (mined.methodNames.length > 0) {
    objects.push(`{ ${mined.methodNames.map((m) => `${JSON.stringify(m)}: () => "Accept, Origin"`).join(', ')} }`);
    objects.push(`{ ${mined.methodNames.map((m) => `${JSON.stringify(m)}: () => undefined`).join(', ')} }`);
    objects.push(`{ ${[...mined.methodNames.map((m) => `${JSON.stringify(m)}: () => "a=b"`), ...mined.propertyKeys.map((k) => `${JSON.stringify(k)}: { "a": "b" }`)].join(', ')} }`);
  }
  const formats = BASE_POOLS['formats'] ?? [];
  return {
    ...BASE_POOLS,
    number: merge(BASE_POOLS['number'] ?? [], mined.numbers.slice(0, 25)),
    string: merge(BASE_POOLS['string'] ?? [], [...mined.strings.slice(0, 25), ...composed, ...formats]),
    object: merge(BASE_POOLS['object'] ?? [], objects),
    any: [...new Set([...(BASE_POOLS['any'] ?? []), ...mined.numbers.slice(0, 6), ...mined.strings.slice(0, 6), ...composed.slice(0, 10), ...formats, ...objects])],
  };
}
