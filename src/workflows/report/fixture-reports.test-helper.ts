/**
 * Test support (not shipped): real release reports, made by running the release-prep
 * workflow on a temporary copy of a fixture repository, and hand-made reports for the
 * edge cases a fixture does not reach.
 *
 * @module
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentResult } from '../../types.js';
import type { QualityGateResult } from '../release-prep/gates.js';
import { OrchestratedReleasePrepWorkflow, type ReleasePrepOptions } from '../release-prep/release-prep.js';
import { ReleaseReadinessReport, type ReleaseReportData } from '../release-prep/report.js';

/**
 * A parsed JSON or XML document whose shape a test asserts on (the assertions check it,
 * so the type does not have to).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Parsed = any;

/** Root of the repository. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** Fixture repositories. */
export const FIXTURES = path.join(REPO_ROOT, 'test/fixtures');

/** A real report and the temporary copy it was made on. */
export interface FixtureRun {
  report: ReleaseReadinessReport;
  dir: string;
  cleanup(): Promise<void>;
}

/**
 * Copies `test/fixtures/<name>` to a temporary directory (without any `.empathy` cache or
 * `coverage` output) and runs the release-prep workflow on it, uncached. npm audit is
 * answered by the recorded fake npm (no network in tests).
 */
export async function runOnFixtureCopy(name: string, options: ReleasePrepOptions = {}): Promise<FixtureRun> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `empathy-report-${name}-`));
  await cp(path.join(FIXTURES, name), dir, {
    recursive: true,
    filter: (source) => !/[/\\](\.empathy|coverage|node_modules)$/.test(source),
  });
  const report = await new OrchestratedReleasePrepWorkflow({
    cache: false,
    analyzerOptions: { security: { npmCommand: path.join(FIXTURES, 'sec-npm/npm-report.sh') } },
    ...options,
  }).execute({ path: dir });
  return { report, dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** An agent result with defaults. */
export function agentResult(overrides: Partial<AgentResult> & { agentId: string }): AgentResult {
  return {
    success: true,
    output: {},
    confidence: 1,
    durationSeconds: 1.25,
    error: null,
    tier: 'CAPABLE',
    usage: { inputTokens: 0, outputTokens: 0, calls: 0, costUsd: 0 },
    ...overrides,
  };
}

/** A gate result with defaults. */
export function gate(overrides: Partial<QualityGateResult> & { name: string }): QualityGateResult {
  return {
    threshold: 0,
    actual: 0,
    passed: true,
    critical: true,
    message: 'ok',
    source: 'a tool 1.0 over 1 file(s)',
    agentId: 'security_auditor',
    ...overrides,
  };
}

/** A report with defaults (a fixed timestamp, so output is comparable). */
export function makeReport(overrides: Partial<ReleaseReportData> = {}): ReleaseReadinessReport {
  return new ReleaseReadinessReport({
    approved: true,
    confidence: 'HIGH',
    confidenceReasons: ['every gate figure was measured in this run or from a fresh report'],
    qualityGates: [],
    agentResults: [],
    blockers: [],
    warnings: [],
    summary: 'Release approved.',
    topFixes: [],
    timestamp: '2026-01-02T03:04:05.678Z',
    totalDuration: 2.5,
    path: '/repo',
    composition: null,
    model: null,
    ...overrides,
  });
}
