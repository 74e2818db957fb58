/**
 * Runs one work unit in this process on a repository directory: the same code on a worker
 * and in an in-process fleet, so both give the same results. An agent unit rebuilds the
 * analysis services from the coordinator's settings and runs the agent under its deadline; a
 * release unit runs the whole release-prep workflow (learning store off: only the coordinator
 * writes files) and returns the repository's own report as text.
 *
 * @module
 */
import { AgentRunner } from '../orchestration/agents/agent-runner.js';
import type { AgentResult, AgentTemplate } from '../types.js';
import { createAnalysisRegistry, createAnalysisServices } from '../workflows/analysis-means.js';
import { OrchestratedReleasePrepWorkflow } from '../workflows/release-prep/release-prep.js';
import { formatReport } from '../workflows/report/index.js';
import type { AgentUnit, ReleaseUnit, ReleaseUnitResult, RunPlace } from './work-unit.js';

/** Runs an agent unit on `root`; resolves (never rejects) with the agent's result. */
export function runAgentUnit(unit: AgentUnit, root: string, signal?: AbortSignal): Promise<AgentResult> {
  const services = createAnalysisServices(root, unit.settings);
  const agent = unit.agent as unknown as AgentTemplate;
  services.planTeam([agent]);
  const runner = new AgentRunner({ registry: createAnalysisRegistry(), services });
  return runner.run(
    agent,
    { ...unit.context, path: root },
    { timeoutSeconds: unit.timeoutSeconds, ...(signal ? { signal } : {}) },
  );
}

/** Runs a fleet member's release-prep on `root`; throws a `UserError` for bad options. */
export async function runReleaseUnit(
  unit: ReleaseUnit,
  root: string,
  signal?: AbortSignal,
): Promise<Omit<ReleaseUnitResult, keyof RunPlace>> {
  const workflow = new OrchestratedReleasePrepWorkflow({ ...unit.options, learn: false });
  const report = await workflow.execute({ path: root, ...(signal ? { signal } : {}) });
  return {
    approved: report.approved,
    gates: report.qualityGates.map((g) => ({ name: g.name, actual: g.actual, threshold: g.threshold, passed: g.passed })),
    blockers: report.blockers,
    durationSeconds: report.totalDuration,
    reports: Object.fromEntries(unit.formats.map((format) => [format, formatReport(report, format, { color: false })])),
  };
}
