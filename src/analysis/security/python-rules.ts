/**
 * Our own Python security rules on tree-sitter (they run at every tier, bandit or not).
 * Rule ids `python/<name>`; severities from the table in severity-table.ts. Documented,
 * with their heuristics, in docs/security-severity.md.
 *
 * @module
 */
import type { Node } from 'web-tree-sitter';
import { descendantsByType, parsePython } from '../shared/python-parser.js';
import type { KindedFinding } from './types.js';
import { importBindings, qualifiedName } from './python-imports.js';
import { LITERAL_DOWNGRADE_RULES, severityFor } from './severity-table.js';
import { applyFlows } from './flow-severity.js';
import { pythonTaintReports } from './taint-python.js';
import { TAINT_RULE, type SinkReport } from './taint-types.js';

/** The bandit-dedupe kind of a flow finding (same as the rule finding it replaces). */
function flowKind(report: SinkReport | undefined): string | undefined {
  if (!report) return undefined;
  if (report.sink === 'code') return report.name === 'exec' ? 'exec' : 'eval';
  if (report.sink === 'command') return 'shell';
  if (report.sink === 'deserialization') return report.name.startsWith('yaml') ? 'yaml-load' : 'pickle';
  if (report.sink === 'sql') return 'sql';
  return undefined;
}

/** Names that make a weak hash a password hash (in the arguments, the assignment target or the enclosing function). */
export const PASSWORD_NAME = /passw(?:or)?d|passphrase|pwd|(?:^|_)pw(?:_|$)/i;

const PICKLE_LOADERS = new Set(
  ['pickle', 'cPickle', '_pickle', 'dill'].flatMap((m) => [`${m}.load`, `${m}.loads`, `${m}.Unpickler`]),
);
const SAFE_YAML_LOADERS = new Set(['SafeLoader', 'CSafeLoader', 'BaseLoader', 'CBaseLoader']);
const SUBPROCESS_SHELL_OPTIONAL = new Set(
  ['call', 'run', 'Popen', 'check_call', 'check_output'].map((f) => `subprocess.${f}`),
);
const SUBPROCESS_ALWAYS_SHELL = new Set(['subprocess.getoutput', 'subprocess.getstatusoutput']);
const OS_SHELL = new Set(['os.system', 'os.popen']);
const WEAK_HASHES = new Set(['md5', 'sha1']);
const REQUESTS_CALLS = new Set(
  ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'].map((f) => `requests.${f}`),
);

/** What {@link pythonRuleFindings} returns for one file. */
export interface PythonRuleResult {
  findings: KindedFinding[];
  /** First line with a syntax error (tree-sitter recovered; rules ran on the recovered tree), or null. */
  syntaxErrorLine: number | null;
}

function present(list: (Node | null)[]): Node[] {
  return list.filter((n): n is Node => n !== null);
}

/** A plain string literal (no f-string interpolation), or concatenation of them. */
function isLiteral(node: Node | undefined): boolean {
  if (!node) return false;
  if (node.type === 'string') return node.descendantsOfType('interpolation').length === 0;
  if (node.type === 'concatenated_string') return present(node.namedChildren).every((c) => isLiteral(c));
  return false;
}

function stringValue(node: Node | undefined): string | null {
  if (!node || !isLiteral(node) || node.type !== 'string') return null;
  return present(node.namedChildren)
    .filter((c) => c.type === 'string_content')
    .map((c) => c.text)
    .join('');
}

function callArgs(call: Node): { positional: Node[]; keywords: Map<string, Node> } {
  const list = call.childForFieldName('arguments');
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  for (const arg of present(list?.namedChildren ?? [])) {
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name')?.text;
      const value = arg.childForFieldName('value');
      if (name && value) keywords.set(name, value);
    } else if (arg.type !== 'comment') {
      positional.push(arg);
    }
  }
  return { positional, keywords };
}

function isTrue(node: Node | undefined): boolean {
  return node?.type === 'true';
}

function isFalse(node: Node | undefined): boolean {
  return node?.type === 'false';
}

/** Identifiers and string contents in a subtree: the words the password heuristic looks at. */
function words(node: Node): string[] {
  return present(node.descendantsOfType(['identifier', 'string_content'])).map((n) => n.text);
}

/** Does the weak-hash call concern a password (arguments, assignment target, enclosing function name)? */
function concernsPassword(call: Node): boolean {
  const args = call.childForFieldName('arguments');
  if (args && words(args).some((w) => PASSWORD_NAME.test(w))) return true;
  for (let node = call.parent; node; node = node.parent) {
    if (node.type === 'assignment' || node.type === 'augmented_assignment') {
      const left = node.childForFieldName('left');
      if (left && words(left).some((w) => PASSWORD_NAME.test(w))) return true;
    }
    if (node.type === 'function_definition') {
      return PASSWORD_NAME.test(node.childForFieldName('name')?.text ?? '');
    }
  }
  return false;
}

type Match = { rule: string; kind: string; message: string; literalCommand?: boolean } | null;

function matchCall(call: Node, name: string): Match {
  const { positional, keywords } = callArgs(call);
  const first = positional[0];
  // A bare `eval` is the builtin: an imported `eval` resolves to its module's name instead.
  if (name === 'eval' || name === 'exec') {
    if (!first || isLiteral(first)) return null;
    return {
      rule: `python/${name}`,
      kind: name,
      message: `${name}() of a non-literal expression runs arbitrary code`,
    };
  }
  if (PICKLE_LOADERS.has(name)) {
    return {
      rule: 'python/pickle-load',
      kind: 'pickle',
      message: `${name}() can run arbitrary code when the data is untrusted`,
    };
  }
  if (name === 'yaml.unsafe_load' || name === 'yaml.unsafe_load_all') {
    return {
      rule: 'python/yaml-load',
      kind: 'yaml-load',
      message: `${name}() constructs arbitrary Python objects`,
    };
  }
  if (name === 'yaml.load' || name === 'yaml.load_all') {
    const loader = keywords.get('Loader') ?? positional[1];
    const loaderName = loader?.text.split('.').pop() ?? '';
    if (SAFE_YAML_LOADERS.has(loaderName)) return null;
    const detail = loader ? `with Loader=${loader.text}` : 'without a Loader';
    return {
      rule: 'python/yaml-load',
      kind: 'yaml-load',
      message: `${name}() ${detail}: use yaml.safe_load()`,
    };
  }
  if (
    (SUBPROCESS_SHELL_OPTIONAL.has(name) && isTrue(keywords.get('shell'))) ||
    SUBPROCESS_ALWAYS_SHELL.has(name)
  ) {
    return {
      rule: 'python/subprocess-shell',
      kind: 'shell',
      message: `${name}() runs its command through a shell`,
      literalCommand: isLiteral(first),
    };
  }
  if (OS_SHELL.has(name)) {
    return {
      rule: 'python/os-system',
      kind: 'shell',
      message: `${name}() runs its command through a shell`,
      literalCommand: isLiteral(first),
    };
  }
  const hashName =
    name === 'hashlib.new' ? stringValue(first)?.toLowerCase() : name.replace(/^hashlib\./, '');
  if (name.startsWith('hashlib.') && hashName && WEAK_HASHES.has(hashName)) {
    if (isFalse(keywords.get('usedforsecurity')) || !concernsPassword(call)) return null;
    return {
      rule: 'python/weak-password-hash',
      kind: 'weak-hash',
      message: `${hashName} used to hash a password: use hashlib.scrypt, bcrypt or argon2`,
    };
  }
  if (REQUESTS_CALLS.has(name) && isFalse(keywords.get('verify'))) {
    return {
      rule: 'python/requests-verify-false',
      kind: 'verify-false',
      message: `${name}(verify=False) disables TLS certificate checks`,
    };
  }
  return null;
}

/**
 * Runs the Python rules over one file's source.
 *
 * @example
 * const r = await pythonRuleFindings('app.py', 'import os\nos.system(cmd)\n');
 * r.findings[0]?.rule; // 'python/os-system'
 */
export async function pythonRuleFindings(file: string, source: string): Promise<PythonRuleResult> {
  const tree = await parsePython(source);
  try {
    return pythonRulesOnTree(file, tree.rootNode);
  } finally {
    tree.delete();
  }
}

/**
 * Runs the Python rules over the syntax tree of one file (the shared Python pass parses once for
 * several analysers, see shared/python-pass.ts).
 *
 * @example
 * const tree = await parsePython(source);
 * pythonRulesOnTree('app.py', tree.rootNode).findings;
 */
export function pythonRulesOnTree(file: string, root: Node): PythonRuleResult {
  // One traversal for the node lists of the rules, the imports and the taint walk.
  const found = descendantsByType(root, ['call', 'import_statement', 'import_from_statement', 'function_definition']);
  const bindings = importBindings(root, found);
  const findings: KindedFinding[] = [];
  for (const call of found.get('call') ?? []) {
    const callee = call.childForFieldName('function');
    const name = callee ? qualifiedName(callee, bindings) : null;
    const match = name ? matchCall(call, name) : null;
    if (!match) continue;
    const downgrade = match.literalCommand === true && LITERAL_DOWNGRADE_RULES.has(match.rule);
    findings.push({
      file,
      line: call.startPosition.row + 1,
      column: call.startPosition.column + 1,
      rule: match.rule,
      severity: downgrade ? 'low' : severityFor(match.rule).severity,
      message: downgrade ? `${match.message} (literal command: low)` : match.message,
      tool: 'empathy-python-rules',
      kind: match.kind,
    });
  }
  const reports = pythonTaintReports(root, bindings, found.get('function_definition'));
  const flowed = applyFlows(file, findings, reports).map((f): KindedFinding => {
    if (f.tool !== 'empathy-taint') return f;
    const kind = flowKind(reports.find((r) => r.line === f.line && TAINT_RULE[r.sink] === f.rule));
    return kind ? { ...f, kind } : f;
  });
  const error = root.hasError ? firstErrorLine(root) : null;
  return { findings: flowed, syntaxErrorLine: error };
}

function firstErrorLine(root: Node): number {
  const error = present(root.descendantsOfType('ERROR'))[0];
  if (error) return error.startPosition.row + 1;
  let missing: number | null = null;
  const visit = (node: Node) => {
    if (missing !== null) return;
    if (node.isMissing) missing = node.startPosition.row + 1;
    for (const child of present(node.children)) visit(child);
  };
  visit(root);
  return missing ?? 1;
}
