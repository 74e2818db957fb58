/**
 * Writes observed Python calls, class scenarios and documentation examples as a pytest file
 * asserting the observed results, raised errors and consumed iterators.
 *
 * @module
 */
import type { PyObservedTest, PyOutcome, PyStep } from './types.js';

function pyString(text: string): string {
  return JSON.stringify(text);
}

function indent(source: string, by: string): string[] {
  return source
    .replace(/\n+$/, '')
    .split('\n')
    .map((l) => `${by}${l}`);
}

class Body {
  readonly lines: string[] = [];
  usesMath = false;
  usesPytest = false;
  usesItertools = false;

  /** Asserts `outcome` of the expression `call`; `statement` is what runs when there is nothing to compare. */
  outcome(call: string, outcome: PyOutcome, statement = call): void {
    if (outcome.type === 'pending' || outcome.type === 'hung') return;
    if (outcome.type === 'return') {
      if (outcome.iter !== undefined) {
        // An iterator: consumed whole when it ended, else up to the explorer's bound.
        let items = `list(${call})`;
        if (outcome.iter >= 0) {
          this.usesItertools = true;
          items = `list(itertools.islice(${call}, ${outcome.iter}))`;
        }
        this.lines.push(
          outcome.expr !== null
            ? `assert ${items} == ${outcome.expr}`
            : `assert len(${items}) == ${outcome.len ?? 0}`,
        );
      } else if (outcome.expr === 'float("nan")') {
        this.usesMath = true;
        this.lines.push(`assert math.isnan(${call})`);
      } else if (outcome.expr === 'None' || outcome.expr === 'True' || outcome.expr === 'False')
        this.lines.push(`assert ${call} is ${outcome.expr}`);
      else if (outcome.expr !== null) this.lines.push(`assert ${call} == ${outcome.expr}`);
      else this.lines.push(`assert type(${call}).__name__ == ${pyString(outcome.kind)}`);
      return;
    }
    if (outcome.iter !== undefined) {
      this.usesItertools = true;
      this.raises(`list(itertools.islice(${call}, ${outcome.iter}))`, outcome);
    } else this.raises(statement, outcome);
  }

  raises(statement: string, outcome: Extract<PyOutcome, { type: 'throw' }>): void {
    this.usesPytest = true;
    this.lines.push('with pytest.raises(BaseException) as info:', ...indent(statement, '    '));
    if (outcome.name !== null)
      this.lines.push(`assert type(info.value).__name__ == ${pyString(outcome.name)}`);
    if (outcome.message !== null) this.lines.push(`assert str(info.value) == ${pyString(outcome.message)}`);
  }
}

function testName(base: string, seen: Map<string, number>): string {
  const clean =
    base
      .replace(/[^A-Za-z0-9_]/g, '_')
      .replace(/_+/g, '_')
      .replace(/^_|_$/g, '') || 'case';
  const n = (seen.get(clean) ?? 0) + 1;
  seen.set(clean, n);
  return `test_${clean}_${n}`;
}

/** One step of a class scenario on `obj`. */
function stepBody(body: Body, step: PyStep, result: PyOutcome): void {
  const [a = '', b = ''] = 'args' in step ? step.args : [];
  switch (step.op) {
    case 'get':
      return body.outcome(`obj.${step.name}`, result);
    case 'call':
      return body.outcome(`obj.${step.name}(${step.args.join(', ')})`, result);
    case 'setitem':
    case 'delitem': {
      const statement = step.op === 'setitem' ? `obj[${a}] = ${b}` : `del obj[${a}]`;
      if (result.type === 'throw') body.raises(statement, result);
      else if (result.type === 'return') body.lines.push(statement);
      return;
    }
    case 'getitem':
      return body.outcome(`obj[${a}]`, result);
    case 'contains':
      return body.outcome(`(${a} in obj)`, result);
    case 'len':
      return body.outcome('len(obj)', result);
    case 'iter':
      return body.outcome('iter(obj)', result);
  }
}

/** A documentation block: its imports and statements, asserting what each expression gave. */
function docBody(
  body: Body,
  test: Extract<PyObservedTest['test'], { kind: 'doc' }>,
  steps: readonly PyOutcome[],
): void {
  body.lines.push(...test.imports);
  test.lines.forEach((source, i) => {
    const step = steps[i];
    const expr = test.exprs[i] ?? null;
    if (step?.type === 'throw') body.raises(source, step);
    else if (step?.type === 'return' && expr !== null && step.expr !== null && step.expr !== 'None')
      body.outcome(expr, step);
    else body.lines.push(...indent(source, ''));
  });
}

/**
 * Renders a pytest file with one test function per observed call, scenario or documentation
 * block. Calls go through the module each test names (`import shapes` then `shapes.circle_area(1)`).
 *
 * @example
 * emitPytestFile(observed, { sourceFile: 'shapes/area.py', module: 'shapes.area' });
 */
export function emitPytestFile(
  tests: readonly PyObservedTest[],
  options: { sourceFile: string; module: string },
): string {
  const seen = new Map<string, number>();
  const blocks: string[] = [];
  const imports = new Set<string>();
  let usesMath = false;
  let usesPytest = false;
  let usesItertools = false;
  for (const { test, outcome } of tests) {
    const body = new Body();
    let name: string;
    if (test.kind === 'doc') {
      name = testName(`doc_${test.name}`, seen);
      docBody(body, test, outcome.steps ?? []);
    } else {
      const module = test.module || options.module;
      imports.add(module);
      const target = `${module}.${test.access.join('.')}`;
      name = testName(test.access.join('_'), seen);
      if (test.kind === 'call') {
        if (outcome.result) body.outcome(`${target}(${test.args.join(', ')})`, outcome.result);
      } else {
        const ctor = test.factory
          ? `${target}.${test.factory}(${test.ctorArgs.join(', ')})`
          : `${target}(${test.ctorArgs.join(', ')})`;
        if (outcome.ctor?.type === 'throw') body.outcome(ctor, outcome.ctor, `obj = ${ctor}`);
        else {
          body.lines.push(
            `obj = ${ctor}`,
            test.factory
              ? `assert type(obj).__name__ == ${pyString(outcome.ctor?.type === 'return' ? outcome.ctor.kind : '')}`
              : `assert isinstance(obj, ${target})`,
          );
          test.steps.forEach((step, i) => {
            const result = outcome.steps?.[i];
            if (result) stepBody(body, step, result);
          });
        }
      }
    }
    usesMath ||= body.usesMath;
    usesPytest ||= body.usesPytest;
    usesItertools ||= body.usesItertools;
    if (body.lines.length > 0)
      blocks.push(`def ${name}():\n${body.lines.map((l) => (l ? `    ${l}` : '')).join('\n')}\n`);
  }
  const stdlib = [
    ...(usesItertools ? ['import itertools'] : []),
    ...(usesMath ? ['import math'] : []),
    ...(blocks.some((b) => /\bdatetime\.(datetime|date|time|timedelta|timezone)\(/.test(b))
      ? ['import datetime']
      : []),
  ].sort();
  const header = [
    `"""Generated by empathy-framework (offline test generator) for ${options.sourceFile}.`,
    '',
    'Kept because it passed 3 isolated runs and raised coverage. It asserts observed behaviour:',
    'review it, edit or delete it freely.',
    '"""',
    '',
    ...stdlib,
    ...(stdlib.length > 0 ? [''] : []),
    ...(usesPytest ? ['import pytest', ''] : []),
    ...[...imports].sort().map((m) => `import ${m}`),
    '',
  ];
  return `${header.join('\n')}\n\n${blocks.join('\n\n')}`;
}
