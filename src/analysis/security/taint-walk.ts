/**
 * What the JS/TS and Python taint walks share: the sink reports (one per place and sink class,
 * the strongest conclusion kept), the per-function summaries of sinks reached from parameters,
 * the calls seen, and the one-level resolution of those calls at the end of a walk.
 *
 * @module
 */
import { betterReport, sinkReport, type SinkClass, type SinkReport, type SinkSummary, type TaintFrame, type TaintValue } from './taint-types.js';

/** Parameter `i` of the function with frame id `f` is the taint parameter `f * FRAME_PARAMS + i`. */
export const FRAME_PARAMS = 1000;

/** A call of a function of the same file, with the taint of each argument. */
export interface CallSite {
  name: string;
  args: TaintValue[];
  line: number;
}

/** The bookkeeping of one taint walk; each language's walker extends it. */
export abstract class TaintWalk {
  readonly reports = new Map<string, SinkReport>();
  readonly summaries = new Map<string, SinkSummary[]>();
  readonly calls: CallSite[] = [];
  frames = 0;

  /** Keeps `report` unless a stronger one is known for the same place and sink. */
  add(report: SinkReport): void {
    const key = `${report.line}:${report.column}:${report.sink}`;
    const old = this.reports.get(key);
    if (!old || betterReport(report, old)) this.reports.set(key, report);
  }

  /** Reports a sink reached by `value`, and remembers it for the callers when a parameter of `frame` feeds it. */
  protected reachSink(sink: SinkClass, name: string, line: number, column: number, value: TaintValue, frame: TaintFrame): void {
    this.add(sinkReport(sink, name, line, column, value));
    for (const p of value.params) {
      if (Math.floor(p / FRAME_PARAMS) !== frame.id || !frame.fnName) continue;
      const list = this.summaries.get(frame.fnName) ?? [];
      list.push({ index: p % FRAME_PARAMS, sink, name, line, column, constructed: value.constructed });
      this.summaries.set(frame.fnName, list);
    }
  }

  /** The value of `name` in `frame` or the frames around it. */
  lookup(name: string, frame: TaintFrame | null): TaintValue | undefined {
    for (let f = frame; f; f = f.parent) if (f.vars.has(name)) return f.vars.get(name);
    return undefined;
  }

  /** Applies the summaries to the calls seen (one level between functions of the file) and returns every report. */
  protected finish(): SinkReport[] {
    for (const call of this.calls) {
      for (const s of this.summaries.get(call.name) ?? []) {
        const arg = call.args[s.index];
        if (!arg || arg.sources.length === 0) continue;
        const via = [{ line: call.line, label: `argument ${s.index + 1} of ${call.name}()` }];
        this.add(sinkReport(s.sink, s.name, s.line, s.column, { ...arg, constructed: arg.constructed || s.constructed, params: [] }, via));
      }
    }
    return [...this.reports.values()];
  }
}
