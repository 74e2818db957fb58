/**
 * How sure the verdict of a release report is (README "Confidence"):
 *
 * - **HIGH**: every gate figure was measured in this run (or read from a report newer than
 *   every source file it covers), and nothing the agents' tiers ask for was left unmeasured.
 * - **MEDIUM**: every gate figure was measured, but something was partial: a part of an
 *   analysis could not run (e.g. the dependency audit was unavailable, a tool was missing,
 *   files did not parse), coverage came from a stale report or from a report found in a tree
 *   that is not a git repository (nothing says the repository did not ship it), or the
 *   configuration left out the agent of a critical release gate (that gate did not run).
 * - **LOW**: at least one gate figure was not measured, or an agent failed.
 *
 * @module
 */
import type { AgentResult } from '../../types.js';
import type { QualityGateResult } from './gates.js';

/** Confidence levels of a verdict. */
export type ConfidenceLevel = 'HIGH' | 'MEDIUM' | 'LOW';

/** The level and the reasons behind it. */
export interface VerdictConfidence {
  level: ConfidenceLevel;
  reasons: string[];
}

interface OutputShape {
  not_measured?: Array<{ what: string; reason: string }>;
  figures?: { freshness?: { fresh?: boolean } | null; report_choices?: Array<{ rule?: string; accepted?: boolean; report?: string }> };
}

/**
 * Derives the confidence of a verdict from its gates and the agents' outputs; `notRun` lists
 * the critical release gates the configuration left out (one line each).
 */
export function verdictConfidence(
  gates: readonly QualityGateResult[],
  results: readonly AgentResult[],
  notRun: readonly string[] = [],
): VerdictConfidence {
  const low: string[] = [];
  // A passed gate without a figure is one with nothing to judge (e.g. no changed line), stated in its message.
  for (const gate of gates) if (gate.actual === null && !gate.passed) low.push(`${gate.name} not measured`);
  for (const result of results)
    if (!result.success && !result.output['figures'])
      low.push(`${result.agentId} failed: ${result.error ?? 'unknown error'}`);
  if (low.length > 0) return { level: 'LOW', reasons: low };

  const medium: string[] = [...notRun];
  for (const result of results) {
    const output = result.output as OutputShape;
    for (const item of output.not_measured ?? [])
      medium.push(`${result.agentId}: ${item.what} not measured (${item.reason})`);
    if (output.figures?.freshness && output.figures.freshness.fresh === false)
      medium.push(`${result.agentId}: data older than the sources`);
    for (const choice of output.figures?.report_choices ?? [])
      if (choice.accepted && choice.rule === 'newer_than_sources_no_git')
        medium.push(`${result.agentId}: ${choice.report ?? 'a coverage report'} was found in a tree git does not track, so it may have come with the code`);
  }
  if (medium.length > 0) return { level: 'MEDIUM', reasons: medium };
  return { level: 'HIGH', reasons: ['every gate figure was measured in this run or from a fresh report'] };
}
