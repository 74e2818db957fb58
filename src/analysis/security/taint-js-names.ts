/**
 * Names the JS/TS taint analysis knows: sources, sanitisers, sinks and the modules they come
 * from. Matching is on dotted names after import resolution (`cp.exec` with
 * `import cp from 'node:child_process'` is `child_process.exec`).
 *
 * @module
 */
import type { SinkClass, SourceKind } from './taint-types.js';

/** Module specifiers normalised (`node:fs/promises` -> `fs`). */
export function moduleName(specifier: string): string {
  const bare = specifier.replace(/^node:/, '');
  if (bare === 'fs/promises' || bare === 'fs-extra' || bare === 'graceful-fs') return 'fs';
  return bare;
}

/** A member path read as outside data, e.g. `req.query.id` -> remote `req.query`. */
export function memberSource(path: readonly string[]): { kind: SourceKind; label: string } | null {
  const [root, first, second] = path;
  if (root === undefined || first === undefined) return null;
  const two = `${root}.${first}`;
  if (root === 'req' || root === 'request') return { kind: 'remote', label: two };
  if (root === 'ctx' && ['request', 'query', 'params', 'headers', 'querystring', 'cookies'].includes(first))
    return { kind: 'remote', label: two };
  if (root === 'process' && (first === 'argv' || first === 'env' || first === 'stdin'))
    return { kind: 'local', label: two };
  if (root === 'location') return { kind: 'remote', label: two };
  if ((root === 'window' || root === 'document') && first === 'location')
    return { kind: 'remote', label: second ? `${two}.${second}` : two };
  if (root === 'document' && ['URL', 'cookie', 'referrer', 'documentURI'].includes(first))
    return { kind: 'remote', label: two };
  if (root === 'window' && first === 'name') return { kind: 'remote', label: two };
  return null;
}

/** A call whose result is outside data: file and network reads. */
export function callSource(name: string): { kind: SourceKind; label: string } | null {
  if (/^fs\.(readFileSync|readFile|promises\.readFile)$/.test(name)) return { kind: 'local', label: name };
  if (name === 'fetch' || /^(axios|got|superagent|needle)(\.(get|post|request))?$/.test(name))
    return { kind: 'remote', label: `${name}() response` };
  return null;
}

/** Calls whose result no longer carries the data's danger (encoders, number parsing, escapers). */
export function isSanitizer(name: string): boolean {
  const last = name.split('.').pop() ?? name;
  return (
    /^(parseInt|parseFloat|Number|Boolean|encodeURIComponent|encodeURI|basename|quote)$/.test(last) ||
    /escape|sanitize|purify/i.test(last) ||
    name === 'JSON.stringify'
  );
}

/** Calls that pass their inputs through unchanged in kind (string and path helpers). */
export function isPure(name: string): boolean {
  return /^path\.(join|resolve|normalize|relative|dirname|extname)$/.test(name) || name === 'String';
}

/** Methods of a string or array whose result carries the receiver's data. */
export const PROPAGATING_METHODS: ReadonlySet<string> = new Set([
  'trim',
  'trimStart',
  'trimEnd',
  'toLowerCase',
  'toUpperCase',
  'toString',
  'slice',
  'substring',
  'substr',
  'split',
  'join',
  'concat',
  'replace',
  'replaceAll',
  'padStart',
  'padEnd',
  'map',
  'filter',
  'at',
  'repeat',
  'normalize',
  'valueOf',
  'then',
  'json',
  'text',
  'read',
  'toJSON',
]);

/** A call sink: which argument carries the danger, and (for spawn) whether it needs `shell: true`. */
export interface CallSink {
  sink: SinkClass;
  arg: number;
  needsShell?: boolean;
}

const FS_PATH_CALLS = new Set([
  'readFile',
  'readFileSync',
  'writeFile',
  'writeFileSync',
  'appendFile',
  'appendFileSync',
  'createReadStream',
  'createWriteStream',
  'unlink',
  'unlinkSync',
  'rm',
  'rmSync',
  'open',
  'openSync',
  'readdir',
  'readdirSync',
]);

/** The sink a resolved callee name is, or null. */
export function callSink(name: string, isNew: boolean): CallSink | null {
  if (name === 'eval' && !isNew) return { sink: 'code', arg: 0 };
  if (name === 'Function') return { sink: 'code', arg: -1 };
  if (/^vm\.(runInNewContext|runInThisContext|runInContext|compileFunction|Script)$/.test(name))
    return { sink: 'code', arg: 0 };
  if (/^child_process\.(exec|execSync)$/.test(name)) return { sink: 'command', arg: 0 };
  if (/^child_process\.(spawn|spawnSync|execFile|execFileSync)$/.test(name))
    return { sink: 'command', arg: 0, needsShell: true };
  if (name === 'document.write' || name === 'document.writeln') return { sink: 'xss', arg: 0 };
  if (/\.insertAdjacentHTML$/.test(name)) return { sink: 'xss', arg: 1 };
  const parts = name.split('.');
  if (parts[0] === 'fs' && FS_PATH_CALLS.has(parts[parts.length - 1] ?? '')) return { sink: 'path', arg: 0 };
  if (/(^|\.)(query|execute|raw|\$queryRawUnsafe|\$executeRawUnsafe)$/.test(name) && name.includes('.'))
    return { sink: 'sql', arg: 0 };
  return null;
}

/** Constant text that reads as SQL (a statement keyword followed by its clause). */
export const SQL_TEXT =
  /\b(select\b[\s\S]*\bfrom|insert\s+into|update\b[\s\S]*\bset|delete\s+from|drop\s+table|create\s+table|alter\s+table)\b/i;

/** Callees whose function arguments are route handlers (their parameters are request data). */
export const HANDLER_REGISTRARS =
  /^(app|router|server|api|route|fastify|routes)\.(get|post|put|patch|delete|del|all|use|head|options|route)$/;
