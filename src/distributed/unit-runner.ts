/**
 * Runs one work unit in this process on a repository directory: the same code on a worker
 * and in an in-process fleet, so both give the same results. An agent unit rebuilds the
 * analysis services from the coordinator's settings and runs the agent under its deadline (with
 * the run's model, whose calls the coordinator makes, when the run has one); a
 * release unit runs the whole release-prep workflow (learning store off: only the coordinator
 * writes files) and returns the repository's own report as text; a module unit generates a
 * test-coverage module's candidates and tries them (contents and trials come back).
 *
 * @module
 */
import { AgentRunner } from '../orchestration/agents/agent-runner.js';
import { wrapRegistryWithModel } from '../providers/model-means.js';
import type { AgentResult, AgentTemplate } from '../types.js';
import { createAnalysisRegistry, createAnalysisServices } from '../workflows/analysis-means.js';
import { OrchestratedReleasePrepWorkflow } from '../workflows/release-prep/release-prep.js';
import { formatReport } from '../workflows/report/index.js';
import { runModuleWork, type ModuleOutcome } from '../workflows/test-coverage/module-unit.js';
import type { RemoteModelClient } from './model-gateway.js';
import type { AgentUnit, ModuleUnit, ReleaseUnit, ReleaseUnitResult, RunPlace, WorkUnit } from './work-unit.js';

/** True when the unit consults the run's model (its calls then go to the coordinator). */
export function unitUsesModel(unit: WorkUnit): boolean {
  return unit.kind === 'agent' ? unit.model !== undefined : unit.kind === 'test-module' && unit.work.model !== undefined;
}

/**
 * Runs an agent unit on `root`; resolves (never rejects) with the agent's result. When the run
 * has a model, the agent consults it as in-process, its calls sent to the coordinator through
 * `remote` (the run's client of this worker process).
 */
export function runAgentUnit(unit: AgentUnit, root: string, remote: RemoteModelClient | undefined, signal?: AbortSignal): Promise<AgentResult> {
  const services = createAnalysisServices(root, unit.settings);
  const agent = unit.agent as unknown as AgentTemplate;
  services.planTeam([agent]);
  const registry =
    remote && unit.model
      ? wrapRegistryWithModel(createAnalysisRegistry(), {
          client: { settings: unit.model.settings, call: (request) => remote.call(request) },
          exclude: unit.model.exclude,
        })
      : createAnalysisRegistry();
  const runner = new AgentRunner({ registry, services });
  return runner.run(agent, { ...unit.context, path: root }, { timeoutSeconds: unit.timeoutSeconds, ...(signal ? { signal } : {}) });
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

/**
 * Runs a test-coverage module unit on `root`: the module's generation and its candidates'
 * trials. Model calls, if the run has a provider, go to the coordinator through `remote`.
 */
export function runModuleUnit(unit: ModuleUnit, root: string, signal: AbortSignal, remote: RemoteModelClient | undefined): Promise<ModuleOutcome> {
  return runModuleWork(unit.work, root, signal, unit.work.model ? remote : undefined);
}
