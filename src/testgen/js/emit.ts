/**
 * Writes observed calls as a test file for the project's runner and module style, asserting
 * the observed return values and errors.
 *
 * @module
 */
import type { HarnessOutcome, ObservedTest, Outcome, ScenarioStep } from './harness-types.js';
import type { JsTestStyle } from './style.js';

/** What {@link emitJsTestFile} needs. */
export interface EmitJsOptions {
  style: JsTestStyle;
  /** The source file under test (relative, for the header and titles). */
  sourceFile: string;
  /** Import specifier of the source from the test file. */
  specifier: string;
  /** The module is CommonJS (loaded with `require`). */
  commonJs: boolean;
  /** Emit ESM syntax (vitest, TypeScript, ESM packages). */
  esm: boolean;
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

function member(base: string, key: string): string {
  return IDENT.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

function accessExpr(access: string[]): string {
  return access.reduce(member, 'mod');
}

function title(text: string): string {
  const short = text.length > 90 ? `${text.slice(0, 87)}...` : text;
  return JSON.stringify(short);
}

class Body {
  readonly lines: string[] = [];
  errors = 0;
  constructor(readonly expectStyle: boolean) {}

  eq(actual: string, expected: string): void {
    this.lines.push(this.expectStyle ? `expect(${actual}).toStrictEqual(${expected});` : `assert.deepStrictEqual(${actual}, ${expected});`);
  }

  /** Asserts what an outcome says about `call` (an expression). */
  outcome(call: string, outcome: Outcome): void {
    if (outcome.type === 'pending') return;
    const awaited = outcome.async ? `await ${call}` : call;
    if (outcome.type === 'return') {
      if (outcome.expr !== null) this.eq(awaited, outcome.expr);
      else if (outcome.kind === 'array') this.eq(`Array.isArray(${awaited})`, 'true');
      else this.eq(`typeof (${awaited})`, JSON.stringify(outcome.kind === 'null' ? 'object' : outcome.kind));
      return;
    }
    this.errors += 1;
    const name = `error${this.errors}`;
    this.lines.push(outcome.async ? `const ${name} = await rejected(${call});` : `const ${name} = thrown(() => ${call});`);
    if (outcome.name !== null) {
      this.eq(`${name}.name`, JSON.stringify(outcome.name));
      if (outcome.message !== null) this.eq(`${name}.message`, JSON.stringify(outcome.message));
    } else if (outcome.expr !== undefined && outcome.expr !== null) {
      this.eq(name, outcome.expr);
    }
  }
}

function isAsync(outcome: HarnessOutcome): boolean {
  return [outcome.result, outcome.ctor, ...(outcome.steps ?? [])].some((o) => o !== undefined && o.type !== 'pending' && o.async === true);
}

function stepLabel(step: ScenarioStep): string {
  return step.op === 'get' ? step.name : `${step.name}(${step.args.join(', ')})`;
}

function testCase(observed: ObservedTest, expectStyle: boolean): { title: string; body: string[]; async: boolean } {
  const body = new Body(expectStyle);
  const { test, outcome } = observed;
  const target = test.access.join('.') || '(module export)';
  if (test.kind === 'call') {
    const call = `${accessExpr(test.access)}(${test.args.join(', ')})`;
    if (outcome.result) body.outcome(call, outcome.result);
    return { title: `${target}(${test.args.join(', ')})`, body: body.lines, async: isAsync(outcome) };
  }
  const ctor = `new ${accessExpr(test.access)}(${test.ctorArgs.join(', ')})`;
  if (outcome.ctor?.type === 'throw') {
    body.outcome(ctor, outcome.ctor);
    return { title: `new ${target}(${test.ctorArgs.join(', ')}) throws`, body: body.lines, async: isAsync(outcome) };
  }
  body.lines.push(`const obj = ${ctor};`);
  body.eq(`obj instanceof ${accessExpr(test.access)}`, 'true');
  test.steps.forEach((step, i) => {
    const result = outcome.steps?.[i];
    if (!result) return;
    body.outcome(step.op === 'get' ? member('obj', step.name) : `${member('obj', step.name)}(${step.args.join(', ')})`, result);
  });
  const label = test.steps.filter((s) => s.op === 'call').map(stepLabel).join(', ');
  return { title: `${target}: ${label || 'construct'}`, body: body.lines, async: isAsync(outcome) };
}

const HELPERS = [
  'function thrown(fn) {',
  '  try {',
  '    fn();',
  '  } catch (error) {',
  '    return error;',
  '  }',
  "  throw new Error('expected a throw');",
  '}',
  '',
  'async function rejected(promise) {',
  '  try {',
  '    await promise;',
  '  } catch (error) {',
  '    return error;',
  '  }',
  "  throw new Error('expected a rejection');",
  '}',
];

/**
 * Renders a test file with one test per observed call or scenario.
 *
 * @example
 * const text = emitJsTestFile(observed, { style, sourceFile: 'lib/parse.js', specifier: '../lib/parse.js', commonJs: true, esm: false });
 */
export function emitJsTestFile(tests: readonly ObservedTest[], options: EmitJsOptions): string {
  const { style } = options;
  const expectStyle = style.runner === 'vitest' || style.runner === 'jest';
  const out: string[] = [];
  if (style.typescript) out.push('// @ts-nocheck');
  out.push(
    `// Generated by empathy-framework (offline test generator) for ${options.sourceFile}.`,
    '// Kept because it passed 3 isolated runs and raised coverage. It asserts observed behaviour: review it, edit or delete it freely.',
  );
  if (!options.esm) out.push("'use strict';");
  out.push('');
  if (options.esm) {
    if (style.runner === 'vitest') out.push("import { describe, expect, it } from 'vitest';");
    if (style.runner === 'node:test') out.push("import { describe, it } from 'node:test';");
    if (!expectStyle) out.push("import assert from 'node:assert/strict';");
    if (options.commonJs) {
      out.push("import { createRequire } from 'node:module';", '', 'const require = createRequire(import.meta.url);', `const mod = require(${JSON.stringify(options.specifier)});`);
    } else {
      out.push(`import * as mod from ${JSON.stringify(options.specifier)};`);
    }
  } else {
    if (style.runner === 'node:test') out.push("const { describe, it } = require('node:test');");
    if (!expectStyle) out.push("const assert = require('node:assert/strict');");
    out.push(`const mod = require(${JSON.stringify(options.specifier)});`);
  }
  const cases: string[] = [`describe(${JSON.stringify(`${options.sourceFile} (generated)`)}, () => {`];
  const titles = new Map<string, number>();
  for (const observed of tests) {
    const t = testCase(observed, expectStyle);
    const seen = (titles.get(t.title) ?? 0) + 1;
    titles.set(t.title, seen);
    cases.push(`  it(${title(seen > 1 ? `${t.title} #${seen}` : t.title)}, ${t.async ? 'async ' : ''}() => {`);
    for (const line of t.body) cases.push(`    ${line}`);
    cases.push('  });', '');
  }
  if (cases[cases.length - 1] === '') cases.pop();
  cases.push('});', '');
  const text = cases.join('\n');
  out.push('');
  if (text.includes('thrown(')) out.push(...HELPERS.slice(0, 8), '');
  if (text.includes('rejected(')) out.push(...HELPERS.slice(9), '');
  return `${out.join("\n")}\n${text}`;
}
