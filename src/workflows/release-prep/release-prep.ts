/**
 * The release-prep workflow (spec "Release Preparation Workflow"): four validation agents
 * in parallel on a real repository, quality gates from their measurements, and a release
 * readiness report.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import { statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../errors.js';
import { getTemplate, withTier } from '../../orchestration/index.js';
import { ParallelStrategy } from '../../orchestration/strategies/index.js';
import type { AgentResult, AgentTemplate, Tier } from '../../types.js';
import { createAnalysisRegistry, createAnalysisServices } from '../analysis-means.js';
import type { ConfigurationStore } from '../../orchestration/learning/config-store.js';
import { ProgressRunner, type AgentProgressEvent } from '../progress-runner.js';
import type { ModelRuntime } from '../../providers/runtime.js';
import type { AgentExecutor } from '../../orchestration/agents/agent-executor.js';
import {
  compositionFor,
  findProvenTeam,
  projectStore,
  qualityScoreFromGates,
  recordOutcome,
} from '../learning.js';
import { verdictConfidence } from './confidence.js';
import {
  evaluateGate,
  gatesFor,
  isCriticalReleaseGate,
  pickKnownGates,
  resolveThresholds,
  type QualityGateResult,
} from './gates.js';
import { ReleaseReadinessReport, type CompositionInfo } from './report.js';
import type { BaseRef } from '../new-code/base-ref.js';
import { changedLines, type ChangedLines } from '../new-code/changed-lines.js';
import { newCodeFigures, type NewCodeFigures } from '../new-code/figures.js';
import { evaluateNewCodeGates, NEW_CODE_KEYS, resolveNewCodeThresholds } from '../new-code/gates.js';
import { topFixes, writeSummary } from './summary.js';
import {
  DEFAULT_CONFIGURATION_INPUT,
  disabledGateLine,
  disabledGatesOf,
  droppedRequiredAgents,
  noCriticalGateBlocker,
  type ConfigurationInfo,
  type ConfigurationInput,
} from './configuration.js';

/** Task pattern of release-prep compositions in the configuration store. */
export const RELEASE_TASK_PATTERN = 'release_prep';

/** The spec's default release agents. */
export const RELEASE_AGENT_IDS: readonly string[] = [
  'security_auditor',
  'test_coverage_analyzer',
  'code_reviewer',
  'documentation_writer',
];

/** Progress events for live displays. */
export type ReleaseProgressEvent = AgentProgressEvent;

/** Options of {@link OrchestratedReleasePrepWorkflow}. */
export interface ReleasePrepOptions {
  /** Thresholds by the spec's keys: `min_coverage`, `min_quality_score`, `max_critical_issues`, `min_doc_coverage` (and template gate keys of extra agents). */
  qualityGates?: Record<string, number>;
  /** Agents to run instead of the four defaults (template ids). */
  agentIds?: string[];
  /** Tier per agent id (default: the template's tier). */
  tiers?: Record<string, Tier>;
  /** Deadline of every agent in seconds (default: each template's `timeoutSeconds`). */
  timeoutSeconds?: number;
  /** Deadline per agent id, in seconds (wins over `timeoutSeconds`). */
  agentTimeouts?: Record<string, number>;
  /** Reuse cached analysis results (default true). */
  cache?: boolean;
  /** Globs of files to analyse (default: all); see the project index. */
  include?: string[];
  /** Globs of files to leave out of the analysis. */
  exclude?: string[];
  /** Per-analyser options, e.g. `{ coverage: { timeoutSeconds: 120 } }`. */
  analyzerOptions?: Record<string, Record<string, unknown>>;
  /** Learning loop: reuse a proven composition and record the outcome (default true; `--no-learn` turns it off). */
  learn?: boolean;
  /** The configuration store (default: the project's store in the user's data directory, or `storeDir`). */
  store?: ConfigurationStore;
  /**
   * A learning store directory to use instead of the default in the user's data directory
   * (holds `compositions/` and `patterns/`; relative to the project root). CLI `--store-dir`.
   * Refused (UserError) when it or a directory above it inside the project is a symbolic link.
   */
  storeDir?: string;
  /**
   * A coverage report you name (CLI `--coverage-report`; relative to the project root): the
   * coverage agent reads it even when git tracks it. Without it, a report in the repository is
   * used only when git does not track it and it is newer than every source file.
   */
  coverageReport?: string;
  /** Model runtime (from `createModelRuntime`): agents then add model notes beside their measurements. */
  modelRuntime?: ModelRuntime | null;
  /** Called as agents start and finish. */
  onProgress?: (event: ReleaseProgressEvent) => void;
  /** Where the agents run (default: in this process; `BullmqExecutor` for workers on a queue). */
  executor?: AgentExecutor;
  /** Where the settings came from (the CLI's options resolver), for the report. */
  configuration?: ConfigurationInput;
  /**
   * Gates on new code: the base the change is compared with (CLI `--base REF`, or the pull
   * request's base in GitHub Actions). The changed lines are `git diff` against the merge base
   * of this revision and HEAD; `min_new_coverage`, `max_new_critical`, `min_new_quality_score`
   * and `new_code_min_lines` in `qualityGates` set the gates.
   */
  base?: string | BaseRef;
}

/** What {@link OrchestratedReleasePrepWorkflow.execute} takes. */
export interface ReleasePrepRequest {
  /** Project root (default `.`, resolved against the current directory). */
  path?: string;
  /** Aborts the run: `execute` settles once the agents' work has stopped (see `AgentRunner.idle`). */
  signal?: AbortSignal;
}

/**
 * Validates release readiness with measured quality gates.
 *
 * @example
 * const report = await new OrchestratedReleasePrepWorkflow({ qualityGates: { min_coverage: 90 } }).execute({ path: '.' });
 * if (!report.approved) console.log(report.blockers);
 * console.log(report.formatConsoleOutput());
 */
export class OrchestratedReleasePrepWorkflow {
  readonly #options: ReleasePrepOptions;
  readonly #agents: AgentTemplate[];
  readonly #explicitTeam: boolean;

  constructor(options: ReleasePrepOptions = {}) {
    this.#options = options;
    const ids = options.agentIds ?? [...RELEASE_AGENT_IDS];
    if (ids.length === 0)
      throw new UserError('agentIds is empty; name at least one agent, e.g. security_auditor');
    this.#explicitTeam = options.agentIds !== undefined || options.tiers !== undefined;
    this.#agents = [...new Set(ids)].map((id) => {
      const template = getTemplate(id);
      const tier = options.tiers?.[id];
      return tier ? withTier(template, tier) : template;
    });
    resolveThresholds(this.#agents, options.qualityGates); // bad gates fail here, before any work
  }

  /** The agents this workflow runs unless a proven composition is reused. */
  get agents(): readonly AgentTemplate[] {
    return this.#agents;
  }

  /** Runs the agents in parallel on `path` and returns the report. Bad input is a `UserError`. */
  async execute(request: ReleasePrepRequest = {}): Promise<ReleaseReadinessReport> {
    const root = path.resolve(request.path ?? '.');
    let isDirectory = false;
    try {
      isDirectory = statSync(root).isDirectory();
    } catch {
      throw new UserError(`path ${request.path ?? '.'}: no such directory`);
    }
    if (!isDirectory) throw new UserError(`path ${request.path}: not a directory`);

    const started = performance.now();
    const options = this.#options;
    const base = typeof options.base === 'string' ? { ref: options.base, source: '--base' } : options.base;
    const newCodeThresholds = resolveNewCodeThresholds(this.#agents, options.qualityGates);
    // A bad base is a usage error before any agent runs.
    const changed: ChangedLines | null = base ? await changedLines(root, base, request.signal) : null;
    const analyzerOptions =
      options.coverageReport === undefined
        ? options.analyzerOptions
        : {
            ...options.analyzerOptions,
            coverage: { ...options.analyzerOptions?.['coverage'], reportFile: path.resolve(root, options.coverageReport) },
          };
    const services = createAnalysisServices(root, {
      cache: options.cache ?? true,
      ...(options.include ? { include: options.include } : {}),
      ...(options.exclude ? { exclude: options.exclude } : {}),
      ...(analyzerOptions ? { analyzerOptions } : {}),
    }, {
      onTestProgress: (agentId, progress, part) => options.onProgress?.({ type: 'agent_progress', agentId, part, progress }),
    });
    const runner = new ProgressRunner(
      {
        registry: options.modelRuntime
          ? options.modelRuntime.wrapRegistry(createAnalysisRegistry())
          : createAnalysisRegistry(),
        services,
        ...(options.timeoutSeconds === undefined ? {} : { timeoutSeconds: options.timeoutSeconds }),
        ...(options.executor ? { executor: options.executor } : {}),
      },
      options.onProgress,
      options.agentTimeouts ?? {},
    );
    // Learning loop: reuse the best proven composition unless the team was given explicitly.
    const learn = options.learn ?? true;
    const store = learn ? (options.store ?? projectStore(root, options.storeDir)) : null;
    await store?.checkStorageDir(); // a store under a symlink in the repository: usage error, nothing read
    const proven =
      store && !this.#explicitTeam ? await findProvenTeam(store, RELEASE_TASK_PATTERN) : undefined;
    // A reused composition may change tiers, order or strategy, never drop an agent whose gate is required.
    const dropped = proven ? droppedRequiredAgents(proven.agents, this.#agents) : [];
    const reused = dropped.length === 0 ? proven : undefined;
    const agents = reused?.agents ?? this.#agents;
    services.planTeam(agents);
    const thresholds = resolveThresholds(agents, pickKnownGates(agents, options.qualityGates));

    // Agents run elsewhere (workers) consult the model too, their calls made here.
    const modelGateway =
      options.executor && options.modelRuntime ? await options.executor.serveModel?.(options.modelRuntime) : undefined;
    const result = await new ParallelStrategy()
      .execute(agents, { path: root }, { runner, ...(request.signal ? { signal: request.signal } : {}) })
      .finally(async () => {
        await modelGateway?.close();
        // Interrupted: returns once the agents' work has stopped (test runs killed, temporary directories removed).
        if (request.signal?.aborted) await runner.idle();
      });
    const seconds = (performance.now() - started) / 1000;
    const configuration = this.#configuration(agents);
    const sources = configuration.thresholdSources;
    const gates = gatesFor(agents).map((gate) => ({
      ...evaluateGate(gate, thresholds.get(gate.thresholdKey) ?? gate.defaultThreshold, result.outputs),
      thresholdSource: sources[gate.thresholdKey] ?? 'default',
    }));
    const releaseGates = [...gates];
    let newCode: NewCodeFigures | null = null;
    if (changed) {
      newCode = newCodeFigures(changed, result.outputs, newCodeThresholds.minLines);
      const active = resolveNewCodeThresholds(agents, options.qualityGates);
      gates.push(
        ...evaluateNewCodeGates(newCode, active).map((g, i) => ({
          ...g,
          thresholdSource: sources[active.gates[i]?.gate.thresholdKey ?? ''] ?? 'default',
        })),
      );
    }
    const blockers = blockersOf(gates, result.outputs);
    const noCritical = gates.some(isCriticalReleaseGate) ? [] : [noCriticalGateBlocker(configuration)];
    blockers.push(...noCritical);
    let composition: CompositionInfo | null = null;
    const extraWarnings: string[] = configuration.disabledGates.map(disabledGateLine);
    const newCodeKeysGiven = Object.keys(options.qualityGates ?? {}).filter((k) => NEW_CODE_KEYS.includes(k));
    if (!changed && newCodeKeysGiven.length > 0)
      extraWarnings.push(
        `gates on new code not checked (${newCodeKeysGiven.join(', ')}): no base to compare with; give --base REF (in a GitHub pull request the base is found by itself)`,
      );
    if (proven && !reused)
      extraWarnings.push(
        `proven composition ${proven.config.id} not reused: it leaves out ${dropped.join(', ')}, whose gates are required`,
      );
    if (store) {
      const config =
        reused?.config ??
        compositionFor(RELEASE_TASK_PATTERN, agents, 'parallel', Object.fromEntries(thresholds));
      const directions = new Map(gatesFor(agents).map((g) => [g.name, g.direction] as const));
      const recorded = await recordOutcome(
        store,
        config,
        blockers.length === 0,
        qualityScoreFromGates(releaseGates, directions),
        reused !== undefined,
      );
      if (recorded.warning) extraWarnings.push(recorded.warning);
      composition = recorded.composition;
    }
    return this.#report(root, gates, blockers, result.outputs, seconds, composition, extraWarnings, {
      configuration,
      noCritical,
      newCode,
    });
  }

  #configuration(agents: readonly AgentTemplate[]): ConfigurationInfo {
    const input = this.#options.configuration ?? {
      ...DEFAULT_CONFIGURATION_INPUT,
      agentsSource: this.#options.agentIds ? 'the agentIds option' : 'default',
    };
    return { ...input, disabledGates: disabledGatesOf(agents, input.agentsSource) };
  }

  #report(
    root: string,
    gates: QualityGateResult[],
    blockers: string[],
    results: AgentResult[],
    seconds: number,
    composition: CompositionInfo | null,
    extraWarnings: string[],
    {
      configuration,
      noCritical,
      newCode,
    }: { configuration: ConfigurationInfo; noCritical: string[]; newCode: NewCodeFigures | null },
  ): ReleaseReadinessReport {
    const errored = results.filter((r) => !r.success && !r.output['figures']);
    const agentErrors = errored.map((r) => `${r.agentId} failed: ${r.error ?? 'no error message'}`);
    const warnings = [
      ...gates.filter((g) => !g.critical && !g.passed).map((g) => `${g.name}: ${g.message}`),
      ...results.flatMap((r) => analysisWarnings(r.output)),
      ...extraWarnings,
    ];
    const approved = blockers.length === 0;
    const notRun = configuration.disabledGates
      .filter((g) => g.critical)
      .map((g) => `${g.name} (disabled by ${g.source})`);
    const confidence = verdictConfidence(
      gates,
      results,
      notRun.map((g) => `${g} did not run`),
    );
    const fixes = topFixes(gates, results);
    return new ReleaseReadinessReport({
      approved,
      confidence: confidence.level,
      confidenceReasons: confidence.reasons,
      qualityGates: gates,
      agentResults: results,
      blockers,
      warnings,
      summary: writeSummary(approved, gates, agentErrors, fixes, noCritical, notRun),
      topFixes: fixes,
      timestamp: new Date().toISOString(),
      totalDuration: seconds,
      path: root,
      composition,
      model: (this.#options.modelRuntime?.report() as unknown as Record<string, unknown> | undefined) ?? null,
      configuration,
      newCode,
    });
  }
}

/**
 * Warnings an agent's analysis report carries (its own, failing tests in a coverage run, and a
 * test run that was not contained).
 */
export function analysisWarnings(output: Record<string, unknown>): string[] {
  const figures = output['figures'] as { warnings?: unknown; tests_failed?: unknown; test_run_containment?: unknown } | undefined;
  const warnings = Array.isArray(figures?.warnings) ? figures.warnings.map(String) : [];
  if (figures?.test_run_containment === 'none') {
    warnings.push(
      "the project's tests ran without bubblewrap, with your file access and network (credentials withheld): install bubblewrap, or use --sandbox require to refuse",
    );
  }
  if (figures?.tests_failed === true) {
    warnings.push(
      'some tests failed in the coverage run: the coverage figure is from that run (see the coverage/failing-tests finding)',
    );
  }
  return warnings;
}

/**
 * Blockers: failed critical gates, and agents that failed without a report. A failed
 * critical gate already carries its agent's error, so that agent is not listed twice.
 */
export function blockersOf(gates: readonly QualityGateResult[], results: readonly AgentResult[]): string[] {
  const failedCritical = gates.filter((g) => g.critical && !g.passed);
  const covered = new Set(failedCritical.map((g) => g.agentId));
  return [
    ...failedCritical.map((g) => `${g.name}: ${g.message}`),
    ...results
      .filter((r) => !r.success && !r.output['figures'] && !covered.has(r.agentId))
      .map((r) => `${r.agentId} failed: ${r.error ?? 'no error message'}`),
  ];
}
