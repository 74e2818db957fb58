/**
 * Calls in the Python taint analysis: which are sources, sinks, sanitisers, and what a call's
 * result carries.
 *
 * @module
 */
import type { Node } from 'web-tree-sitter';
import type { PyFrame, PyTaint } from './taint-python.js';
import { SQL_TEXT } from './taint-js-names.js';
import { UNKNOWN, fromSource, join, type SinkClass, type TaintValue } from './taint-types.js';

const SAFE_YAML = /(Safe|Base)Loader$/;
const SHELL_OPTIONAL = /^subprocess\.(call|run|Popen|check_call|check_output)$/;
const REMOTE_CALLS =
  /^(urllib\.request\.urlopen|urllib2\.urlopen|urlopen|(requests|httpx)\.(get|post|put|patch|delete|request))$/;
const SANITIZERS =
  /^(int|float|bool|len|shlex\.quote|pipes\.quote|html\.escape|cgi\.escape|markupsafe\.escape|bleach\.clean|os\.path\.basename|werkzeug\.utils\.secure_filename|secure_filename)$|escape|sanitize|quote/i;
const PROPAGATING = new Set([
  'strip',
  'lstrip',
  'rstrip',
  'lower',
  'upper',
  'format',
  'join',
  'decode',
  'encode',
  'read',
  'readline',
  'readlines',
  'get',
  'split',
  'replace',
  'getlist',
  'get_json',
  'get_data',
  'json',
  'values',
  'items',
  'copy',
  'recv',
  'recvfrom',
  'text',
  'getvalue',
  'pop',
]);
const PATH_SINKS =
  /^(open|io\.open|os\.remove|os\.unlink|os\.rmdir|shutil\.rmtree|shutil\.copyfile|flask\.send_file|send_file)$/;
const XSS_SINKS =
  /^(markupsafe\.Markup|flask\.Markup|jinja2\.Markup|django\.utils\.safestring\.mark_safe|mark_safe|Markup)$/;

function sinkOf(
  name: string,
  method: string,
  keywords: Map<string, Node>,
  positional: Node[],
): SinkClass | null {
  if (name === 'eval' || name === 'exec' || /(^|\.)render_template_string$/.test(name)) return 'code';
  if (
    /^(os\.system|os\.popen|subprocess\.getoutput|subprocess\.getstatusoutput|commands\.getoutput)$/.test(
      name,
    )
  )
    return 'command';
  if (SHELL_OPTIONAL.test(name) && keywords.get('shell')?.type === 'true') return 'command';
  if (/^(pickle|cPickle|_pickle|dill)\.(loads?|Unpickler)$/.test(name) || name === 'marshal.loads')
    return 'deserialization';
  if (/^yaml\.unsafe_load(_all)?$/.test(name)) return 'deserialization';
  if (/^yaml\.load(_all)?$/.test(name)) {
    const loader = keywords.get('Loader') ?? positional[1];
    return loader && SAFE_YAML.test(loader.text) ? null : 'deserialization';
  }
  if (XSS_SINKS.test(name)) return 'xss';
  if (PATH_SINKS.test(name)) return 'path';
  if (['execute', 'executemany', 'executescript', 'raw', 'text'].includes(method) && name !== 'text')
    return 'sql';
  return null;
}

function sourceOf(name: string, method: string): { kind: 'remote' | 'local'; label: string } | null {
  if (name === 'input' || name === 'raw_input') return { kind: 'local', label: 'input()' };
  if (name === 'open' || name === 'io.open') return { kind: 'local', label: 'open() file content' };
  if (name === 'os.getenv' || name === 'os.environ.get') return { kind: 'local', label: name };
  if (REMOTE_CALLS.test(name)) return { kind: 'remote', label: `${name}() response` };
  if (method === 'recv' || method === 'recvfrom') return { kind: 'remote', label: 'socket data' };
  return null;
}

/** Evaluates a call: records the sink it is, the one-level call site, and returns what its result carries. */
export function taintPythonCall(t: PyTaint, node: Node, frame: PyFrame): TaintValue {
  const callee = node.childForFieldName('function');
  const name = (callee && t.name(callee)) ?? '';
  const method = callee?.type === 'attribute' ? (callee.childForFieldName('attribute')?.text ?? '') : '';
  const recv = callee?.type === 'attribute' ? t.expr(callee.childForFieldName('object'), frame) : UNKNOWN;
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  const values: TaintValue[] = [];
  for (const arg of (node.childForFieldName('arguments')?.namedChildren ?? []).filter(
    (n): n is Node => n !== null,
  )) {
    if (arg.type === 'keyword_argument') {
      const key = arg.childForFieldName('name')?.text;
      const value = arg.childForFieldName('value');
      if (key && value) keywords.set(key, value);
      t.expr(value, frame);
    } else if (arg.type !== 'comment') {
      positional.push(arg);
      values.push(t.expr(arg.type === 'list_splat' ? (arg.namedChildren[0] ?? null) : arg, frame));
    }
  }
  const sink = sinkOf(name, method, keywords, positional);
  const first = values[0] ?? UNKNOWN;
  if (sink === 'sql') {
    if (
      (first.constructed || !(first.sources.length || first.params.length || first.unknown)) &&
      SQL_TEXT.test(first.text ?? '')
    )
      t.sink('sql', name || method, node, first, frame);
  } else if (sink && positional[0]) {
    t.sink(sink, name, node, first, frame);
  }
  if (callee?.type === 'identifier' && t.functions.has(callee.text))
    t.calls.push({ name: callee.text, args: values, line: node.startPosition.row + 1 });
  const source = sourceOf(name, method);
  if (source) return fromSource({ ...source, line: node.startPosition.row + 1 });
  if (SANITIZERS.test(name) || SANITIZERS.test(method)) return UNKNOWN;
  if (name === 'str' || name === 'os.path.join' || name === 'bytes') return join(...values);
  if (method && PROPAGATING.has(method)) {
    const v = join(recv, ...values);
    const constRecv =
      !(recv.sources.length || recv.params.length || recv.unknown) && (recv.text ?? '').trim() !== '';
    const built =
      (method === 'format' || method === 'join') &&
      constRecv &&
      values.some((x) => x.sources.length || x.params.length || x.unknown);
    return { ...v, constructed: v.constructed || built };
  }
  return { ...join(recv, ...values), unknown: true };
}
