/**
 * Wires the analysers to the agent templates' tools: one {@link Means} per analysis tool
 * (`security_scan` -> security analyser, ...). All agents of one run share one project
 * index (the project's files, ignore rules and content hashes, read once), built lazily by {@link createAnalysisServices}.
 *
 * An agent succeeds when its analyser measured its primary figure; otherwise it fails with
 * the analyser's own "not measured" reasons, and its report is still in the output.
 *
 * @module
 */
import { planEslintPass, type EslintConsumer } from '../analysis/shared/eslint-plan.js';
import { planPythonPass, type PythonConsumer } from '../analysis/shared/python-pass-plan.js';
import { getLogger } from '../core/logger.js';
import { buildProjectIndex, type BuildProjectIndexOptions } from '../project/index.js';
import type { ProjectIndex } from '../project/types.js';
import type { AnalysisReport } from '../analysis/types.js';
import type { TestProgress } from '../analysis/test-runner/index.js';
import { ANALYZERS, loadAnalyzer } from '../analysis/registry.js';
import { codeFixMeans } from './fix-means.js';
import { defineMeans, MeansRegistry } from '../orchestration/agents/means-registry.js';
import type { AgentTemplate, Means, MeansInput, MeansOutput, RunServices } from '../types.js';

const log = getLogger('workflows.means');

/** Services of one run: the project root and its index, built once and shared. */
export interface AnalysisServices extends RunServices {
  projectRoot: string;
  /** The index of `root` (default: the run's root), built on first call and memoised per root. */
  projectIndex(root?: string): Promise<ProjectIndex>;
  /** Per-analyser options (e.g. `{ coverage: { timeoutSeconds: 60 } }`). */
  analyzerOptions: Record<string, Record<string, unknown>>;
  /** The options these services were created with, for a worker that rebuilds them elsewhere. */
  settings: AnalysisServicesOptions;
  /**
   * Declares the team that will run on the run's root, before it runs, so that its analysers
   * that lint or measure the same JS/TS files (security, quality, complexity) share one ESLint pass,
   * and those that parse the same Python files one tree-sitter pass.
   */
  planTeam(agents: readonly TeamMember[]): void;
  /** Called as a test run of an agent's analyser reports progress (live displays only; see {@link AnalysisServicesHooks}). */
  onTestProgress?: AnalysisServicesHooks['onTestProgress'];
}

/** Callbacks of one run in this process (never part of {@link AnalysisServices.settings}, which a worker receives). */
export interface AnalysisServicesHooks {
  /** A test run started by agent `agentId` (the coverage agent) reported progress on `part` (`JS/TS`, `Python`). */
  onTestProgress?: (agentId: string, progress: TestProgress, part: string) => void;
}

/** What {@link AnalysisServices.planTeam} needs of an agent. */
export type TeamMember = Pick<AgentTemplate, 'tools' | 'tierPreference'>;

async function planSharedLint(index: ProjectIndex, team: readonly TeamMember[]): Promise<void> {
  const consumers: EslintConsumer[] = [];
  const python: PythonConsumer[] = [];
  for (const agent of team) {
    for (const tool of agent.tools) {
      const analyzer = await loadAnalyzer(tool);
      consumers.push(...(analyzer?.eslintConsumers(agent.tierPreference) ?? []));
      python.push(...(analyzer?.pythonConsumers(agent.tierPreference) ?? []));
    }
  }
  planEslintPass(index, consumers);
  planPythonPass(index, python);
}

/** Options of {@link createAnalysisServices}. */
export interface AnalysisServicesOptions extends Omit<BuildProjectIndexOptions, 'signal'> {
  analyzerOptions?: Record<string, Record<string, unknown>>;
}

/**
 * Creates the services shared by the agents of one run on `root`.
 *
 * @example
 * const services = createAnalysisServices('/repo', { cache: false });
 * const runner = new AgentRunner({ registry: createAnalysisRegistry(), services });
 */
export function createAnalysisServices(
  root: string,
  options: AnalysisServicesOptions = {},
  hooks: AnalysisServicesHooks = {},
): AnalysisServices {
  const { analyzerOptions = {}, ...indexOptions } = options;
  const indexes = new Map<string, Promise<ProjectIndex>>();
  let team: readonly TeamMember[] = [];
  return {
    projectRoot: root,
    analyzerOptions,
    ...(hooks.onTestProgress ? { onTestProgress: hooks.onTestProgress } : {}),
    settings: options,
    projectIndex(target = root) {
      let index = indexes.get(target);
      if (!index) {
        const planned = target === root ? team : [];
        index = buildProjectIndex(target, indexOptions).then(async (built) => {
          await planSharedLint(built, planned);
          return built;
        });
        indexes.set(target, index);
      }
      return index;
    },
    planTeam(agents) {
      if (indexes.has(root)) throw new Error('planTeam must be called before the first agent runs');
      team = agents;
    },
  };
}

/** Whether `services` came from {@link createAnalysisServices}. */
export function isAnalysisServices(services: RunServices): services is AnalysisServices {
  return typeof services['projectIndex'] === 'function' && typeof services['projectRoot'] === 'string';
}

/** The wire form of an analysis report inside an agent's output (snake_case). */
export function reportToOutput(report: AnalysisReport): Record<string, unknown> {
  return {
    analyzer: report.analyzer,
    version: report.version,
    tier: report.tier,
    root: report.root,
    figures: report.figures,
    findings: report.findings,
    tools: report.tools,
    files_counted: report.filesCounted,
    not_measured: report.notMeasured,
    duration_seconds: report.durationSeconds,
    cached: report.cached,
  };
}

/** Confidence of a tool-driven agent: 1 when all was measured, less per thing not measured, 0 without the primary figure. */
export function reportConfidence(report: AnalysisReport, primaryFigure: string): number {
  if (report.figures[primaryFigure] === null || report.figures[primaryFigure] === undefined) return 0;
  return Math.max(0.5, 1 - 0.1 * report.notMeasured.length);
}

function analysisMeans(tool: string): Means {
  return defineMeans({
    tool,
    description: `runs the analyser registered for ${tool} (analysis/registry.ts)`,
    async run(input: MeansInput): Promise<MeansOutput> {
      if (!isAnalysisServices(input.services)) {
        throw new Error(
          `${tool} needs the analysis services of a run (createAnalysisServices); none were given`,
        );
      }
      const root = typeof input.context.path === 'string' ? input.context.path : input.services.projectRoot;
      const [analyzer, index] = await Promise.all([loadAnalyzer(tool), input.services.projectIndex(root)]);
      if (!analyzer) throw new Error(`no analyser is registered for ${tool}`);
      const { primaryFigure } = analyzer.meta;
      const extra = input.services.analyzerOptions[analyzer.id] ?? {};
      const follow = input.services.onTestProgress;
      const report = await analyzer.analyze(index, {
        ...extra,
        tier: input.tier,
        signal: input.signal,
        ...(follow ? { onTestProgress: (p: TestProgress, part: string) => follow(input.template.id, p, part) } : {}),
      });
      const output = reportToOutput(report);
      const measured = report.figures[primaryFigure] !== null && report.figures[primaryFigure] !== undefined;
      log.debug('analysis done', { tool, measured, cached: report.cached, seconds: report.durationSeconds });
      if (measured) return { output, confidence: reportConfidence(report, primaryFigure) };
      const reasons = report.notMeasured.map(
        (n) => `${n.what}: ${n.reason}${n.fix ? ` (fix: ${n.fix})` : ''}`,
      );
      return {
        output,
        confidence: 0,
        success: false,
        error: `${primaryFigure} not measured: ${reasons.join('; ') || 'the analyser gave no reason'}`,
      };
    },
  });
}

/**
 * A means registry with every analysis tool and the code fixer (`code_fix`) registered (test generation tools are not
 * part of it: agents that need them fail with a message naming the missing tool).
 */
export function createAnalysisRegistry(): MeansRegistry {
  const registry = new MeansRegistry();
  for (const tool of ANALYZERS.keys()) registry.register(analysisMeans(tool));
  registry.register(codeFixMeans);
  return registry;
}
