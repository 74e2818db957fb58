/**
 * Turns the raw measurements (lint messages, function complexities, jscpd statistics, type
 * errors) into scored components and findings.
 *
 * @module
 */
import type { FileMetrics } from '../shared/complexity-types.js';
import type { DuplicationResult } from '../shared/duplication.js';
import type { Finding } from '../types.js';
import { LINT_MINUTES, PARSE_ERROR_MINUTES } from './lint-rules.js';
import type { LintResult } from './lint-types.js';
import { COGNITIVE_LIMIT, DUPLICATED_LINE_MINUTES, TYPE_ERROR_MINUTES, complexityMinutes } from './score.js';
import type { TypeCheckOutcome } from './type-check.js';
import type { QualityComponent } from './types.js';

/** A component and the findings behind it. */
export interface ScoredComponent {
  component: QualityComponent;
  findings: Finding[];
}

/** Lint: errors (and parse errors) 5 min, warnings 2 min. */
export function lintComponent(lint: LintResult): ScoredComponent & { errors: number; warnings: number } {
  let minutes = 0;
  let errors = 0;
  let warnings = 0;
  const findings: Finding[] = [];
  for (const m of lint.messages) {
    const parseError = m.rule === 'parse-error';
    const cost = parseError ? PARSE_ERROR_MINUTES : LINT_MINUTES[m.severity];
    minutes += cost;
    if (m.severity === 'error') errors++;
    else warnings++;
    findings.push({
      file: m.file,
      line: m.line,
      column: m.column,
      rule: m.rule,
      severity: parseError ? 'high' : m.severity === 'error' ? 'medium' : 'low',
      message: m.message,
      minutes: cost,
      tool:
        m.rule.startsWith('py/') || (parseError && m.file.endsWith('.py'))
          ? 'empathy-python-rules'
          : 'eslint',
    });
  }
  return {
    errors,
    warnings,
    findings,
    component: {
      component: 'lint',
      status: 'measured',
      count: lint.messages.length,
      minutes,
      detail: `${errors} error(s) x ${LINT_MINUTES.error} min + ${warnings} warning(s) x ${LINT_MINUTES.warning} min over ${lint.filesLinted} file(s)`,
    },
  };
}

/** Complexity: each function over cognitive 15 costs 5 min + 1 min per point over. */
export function complexityComponent(metrics: readonly FileMetrics[]): ScoredComponent & { max: number } {
  let minutes = 0;
  let max = 0;
  const findings: Finding[] = [];
  const unreadable = metrics.filter((m) => m.error).length;
  for (const file of metrics) {
    for (const fn of file.functions) {
      max = Math.max(max, fn.cognitive);
      const cost = complexityMinutes(fn.cognitive);
      if (cost === 0) continue;
      minutes += cost;
      findings.push({
        file: fn.file,
        line: fn.line,
        rule: 'cognitive-complexity',
        severity: 'medium',
        message: `${fn.name} has cognitive complexity ${fn.cognitive} (limit ${COGNITIVE_LIMIT}): ${cost} min`,
        tool: 'empathy-complexity',
        minutes: cost,
      });
    }
  }
  const functions = metrics.reduce((sum, m) => sum + m.functions.length, 0);
  return {
    max,
    findings,
    component: {
      component: 'complexity',
      status: 'measured',
      count: findings.length,
      minutes,
      detail:
        `${findings.length} of ${functions} function(s) over cognitive complexity ${COGNITIVE_LIMIT} (5 min + 1 min per point over)` +
        (unreadable > 0 ? `; ${unreadable} file(s) could not be read` : ''),
    },
  };
}

/** Duplication: 2 min per duplicated line as jscpd counts them. */
export function duplicationComponent(result: DuplicationResult): ScoredComponent {
  const findings: Finding[] = result.clones.map((clone) => ({
    file: clone.first.file,
    line: clone.first.startLine,
    rule: 'duplicated-block',
    severity: 'low',
    message: `${clone.lines} lines (${clone.first.startLine}-${clone.first.endLine}) duplicated in ${clone.second.file}:${clone.second.startLine}-${clone.second.endLine}`,
    tool: 'jscpd',
    minutes: clone.lines * DUPLICATED_LINE_MINUTES,
  }));
  return {
    findings,
    component: {
      component: 'duplication',
      status: 'measured',
      count: result.duplicatedLines,
      minutes: result.duplicatedLines * DUPLICATED_LINE_MINUTES,
      detail: `${result.duplicatedLines} duplicated line(s) in ${result.clones.length} clone(s) (${result.percentage.toFixed(2)}% of ${result.totalLines} lines) x ${DUPLICATED_LINE_MINUTES} min`,
    },
  };
}

/** Type errors: 10 min each; not measured when any applicable checker could not run. */
export function typeComponent(outcomes: readonly TypeCheckOutcome[]): ScoredComponent {
  const measured = outcomes.filter((o) => o.status === 'measured');
  const missing = outcomes.filter((o) => o.status === 'not_measured');
  const errors = measured.flatMap((o) => o.errors);
  const findings: Finding[] = measured.flatMap((o) =>
    o.errors.map((e) => ({
      file: e.file,
      line: e.line,
      column: e.column,
      rule: e.code,
      severity: 'high' as const,
      message: e.message,
      tool: o.tool.name,
      minutes: TYPE_ERROR_MINUTES,
    })),
  );
  const parts = [
    ...measured.map(
      (o) => `${o.language}: ${o.errors.length} error(s) by ${o.tool.name}${o.note ? ` (${o.note})` : ''}`,
    ),
    ...missing.map((o) => `${o.language}: ${o.reason}`),
  ];
  if (measured.length === 0 && missing.length === 0) {
    const reasons = outcomes.map((o) => (o.status === 'not_applicable' ? o.reason : '')).filter(Boolean);
    return {
      findings,
      component: {
        component: 'type_errors',
        status: 'not_applicable',
        count: null,
        minutes: null,
        detail: reasons.join('; '),
      },
    };
  }
  return {
    findings,
    component: {
      component: 'type_errors',
      status: missing.length > 0 ? 'not_measured' : 'measured',
      count: measured.length > 0 ? errors.length : null,
      minutes: measured.length > 0 ? errors.length * TYPE_ERROR_MINUTES : null,
      detail: `${parts.join('; ')}; ${TYPE_ERROR_MINUTES} min each`,
    },
  };
}
