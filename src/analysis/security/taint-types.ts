/**
 * Shared vocabulary of the taint analyses (taint-js.ts on ESTree, taint-python.ts on
 * tree-sitter): sink classes, sources, the abstract value a data-flow walk computes, and the
 * sink reports both emit. Plain data, so a report crosses the worker-thread boundary as JSON.
 *
 * @module
 */

/** What a sink does with its argument. */
export type SinkClass = 'code' | 'command' | 'sql' | 'deserialization' | 'xss' | 'path';

/** Every sink class, in table order. */
export const SINK_CLASSES: readonly SinkClass[] = [
  'code',
  'command',
  'sql',
  'deserialization',
  'xss',
  'path',
];

/** Rule id of a flow finding per sink class (`taint/<name>`). */
export const TAINT_RULE: Readonly<Record<SinkClass, string>> = {
  code: 'taint/code-injection',
  command: 'taint/command-injection',
  sql: 'taint/sql-injection',
  deserialization: 'taint/unsafe-deserialization',
  xss: 'taint/xss',
  path: 'taint/path-traversal',
};

/**
 * Where outside data comes from. `remote`: an HTTP request (`req.*`, `request.*`, a route
 * handler's parameters, `location`, data read from the network). `local`: the command line,
 * the environment, standard input, files read. `parameter`: a parameter of an exported function
 * (a library's API).
 */
export type SourceKind = 'remote' | 'local' | 'parameter';

/** One source of outside data. */
export interface TaintSource {
  kind: SourceKind;
  /** 1-based line of the source expression. */
  line: number;
  /** What it is, e.g. `req.query`, `process.argv`, `parameter name of exported function run`. */
  label: string;
}

/**
 * The abstract value of an expression: the sources it may carry, the parameters of the
 * enclosing function it derives from (for one-level call summaries), whether part of it could
 * not be traced, and whether constant text was concatenated in (a string being built).
 */
export interface TaintValue {
  sources: TaintSource[];
  params: number[];
  unknown: boolean;
  constructed: boolean;
  /** Constant text concatenated into the value (first 200 characters), to tell SQL from other strings. */
  text?: string;
}

/** A value built only from constants. */
export const CONSTANT: TaintValue = Object.freeze({
  sources: [],
  params: [],
  unknown: false,
  constructed: false,
}) as TaintValue;

/** A value the analysis cannot trace. */
export const UNKNOWN: TaintValue = Object.freeze({
  sources: [],
  params: [],
  unknown: true,
  constructed: false,
}) as TaintValue;

/** The join of several values (may carry anything any of them carries). */
export function join(...values: TaintValue[]): TaintValue {
  if (values.length === 0) return CONSTANT;
  const sources: TaintSource[] = [];
  const params = new Set<number>();
  for (const v of values) {
    for (const s of v.sources)
      if (!sources.some((x) => x.line === s.line && x.label === s.label)) sources.push(s);
    for (const p of v.params) params.add(p);
  }
  return {
    sources: sources.slice(0, 4),
    params: [...params],
    unknown: values.some((v) => v.unknown),
    constructed: values.some((v) => v.constructed),
    text: values
      .map((v) => v.text ?? '')
      .join('')
      .slice(0, 200),
  };
}

/** A constant string's value. */
export function constantText(text: string): TaintValue {
  return { ...CONSTANT, text: text.slice(0, 200) };
}

/** A value from one source. */
export function fromSource(source: TaintSource): TaintValue {
  return { sources: [source], params: [], unknown: false, constructed: false };
}

/** What the analysis concluded about a sink. */
export type SinkState = 'tainted' | 'constant' | 'unknown';

/** One step of a flow: where the data is at that point. */
export interface FlowStep {
  line: number;
  /** e.g. `source: req.query`, `call to run() (line 12)`, `sink: child_process.exec`. */
  label: string;
}

/** A sink the analysis saw, and what feeds it. */
export interface SinkReport {
  sink: SinkClass;
  /** The sink as written, e.g. `eval`, `child_process.exec`, `innerHTML`, `cursor.execute`. */
  name: string;
  line: number;
  column: number;
  state: SinkState;
  /** Strongest source kind reaching the sink (when tainted). */
  sourceKind?: SourceKind;
  /** True when constant text was concatenated with the data (a command/SQL/code string built). */
  constructed: boolean;
  /** Source first, sink last (when tainted). */
  flow: FlowStep[];
}

const KIND_RANK: Record<SourceKind, number> = { remote: 0, local: 1, parameter: 2 };

/** The strongest source (remote before local before parameter). */
export function strongest(sources: readonly TaintSource[]): TaintSource | undefined {
  return [...sources].sort((a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind] || a.line - b.line)[0];
}

/** Sink report for a value reaching a sink. */
export function sinkReport(
  sink: SinkClass,
  name: string,
  line: number,
  column: number,
  value: TaintValue,
  via: FlowStep[] = [],
): SinkReport {
  const source = strongest(value.sources);
  if (source) {
    return {
      sink,
      name,
      line,
      column,
      state: 'tainted',
      sourceKind: source.kind,
      constructed: value.constructed,
      flow: [
        { line: source.line, label: `source: ${source.label}` },
        ...via,
        { line, label: `sink: ${name}` },
      ],
    };
  }
  const constant = !value.unknown && value.params.length === 0;
  return {
    sink,
    name,
    line,
    column,
    state: constant ? 'constant' : 'unknown',
    constructed: value.constructed,
    flow: [],
  };
}

const STATE_RANK: Record<SinkState, number> = { tainted: 0, unknown: 1, constant: 2 };

/** Is `a` a stronger conclusion about a sink than `b` (tainted over unknown over constant; a stronger source)? */
export function betterReport(a: SinkReport, b: SinkReport): boolean {
  if (STATE_RANK[a.state] !== STATE_RANK[b.state]) return STATE_RANK[a.state] < STATE_RANK[b.state];
  if (a.state !== 'tainted' || !a.sourceKind || !b.sourceKind) return false;
  if (KIND_RANK[a.sourceKind] !== KIND_RANK[b.sourceKind])
    return KIND_RANK[a.sourceKind] < KIND_RANK[b.sourceKind];
  return a.constructed && !b.constructed;
}

/** A function's variables during a taint walk (JS/TS and Python alike). */
export interface TaintFrame {
  id: number;
  vars: Map<string, TaintValue>;
  parent: TaintFrame | null;
  fnName: string | null;
}

/** A sink inside a function, reached from one of its parameters (the one-level call summaries). */
export interface SinkSummary {
  index: number;
  sink: SinkClass;
  name: string;
  line: number;
  column: number;
  constructed: boolean;
}
