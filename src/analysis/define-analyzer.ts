/**
 * The one shape of an analyser, eslint-rule style: a `meta` block and an `analyze` body. The
 * wrapper made by {@link defineAnalyzer} owns what every analyser used to repeat: the tier check
 * (one message), the timing, the report envelope (id, version, tier, root, duration) and the
 * result-cache key (the analyser's id and version, see {@link AnalyzerContext.cached}).
 *
 * @module
 */
import { UserError } from '../errors.js';
import { cachedAnalysis, type CachedAnalysisParts } from '../project/cached-analysis.js';
import type { ProjectIndex } from '../project/types.js';
import { TIERS, type Tier } from '../types.js';
import type { EslintConsumer } from './shared/eslint-plan.js';
import type { PythonConsumer } from './shared/python-pass-plan.js';
import type { AnalysisReport, AnalyzeOptions, Analyzer, Finding, NotMeasured, ToolUsed } from './types.js';

/** What a newcomer reads first: who the analyser is and what it measures. */
export interface AnalyzerMeta {
  /** Analyser id (`security`): the report's `analyzer`, the key of its options and of its cache entries. */
  id: string;
  /** Bump when the figures can change for the same input (part of every cache key). */
  version: string;
  /** The agent templates' tool name it serves (`security_scan`). */
  tool: string;
  /** One line: what it measures. */
  description: string;
  /** The gate figure: when it is null the agent fails with the report's "not measured" reasons. */
  primaryFigure: string;
  /** Tiers it accepts (any other tier is a one-line UserError). */
  tiers: readonly Tier[];
}

/** What an analyser's body returns; the wrapper adds the envelope. */
export interface AnalysisBody<F extends Record<string, unknown>> {
  figures: F;
  findings: Finding[];
  tools: ToolUsed[];
  /** Files the figures are computed over. */
  filesCounted: number;
  notMeasured: NotMeasured[];
  /** True when every part of the figures came from the result cache. */
  cached: boolean;
}

/** The part of a cache key an analyser chooses (the wrapper adds its id and version). */
export type AnalyzerCacheParts = Omit<CachedAnalysisParts, 'analyzer' | 'version'> & {
  /** Names one of several cached parts of the analyser (its entries go under `<id>-<part>`). */
  part?: string;
};

/** What the wrapper hands to an analyser's body besides the index and options. */
export interface AnalyzerContext {
  /** The checked tier. */
  tier: Tier;
  /**
   * Runs `compute` through the run's result cache under this analyser's id and version (see
   * `project/cached-analysis.ts`); without a cache (`--no-cache`) it always computes.
   */
  cached<T>(
    parts: AnalyzerCacheParts,
    compute: () => Promise<T>,
    options?: { store?: (value: T) => boolean },
  ): Promise<{ value: T; cached: boolean }>;
}

/** The definition given to {@link defineAnalyzer}. */
export interface AnalyzerDefinition<F extends Record<string, unknown>, O extends AnalyzeOptions> {
  meta: AnalyzerMeta;
  analyze(index: ProjectIndex, options: O, context: AnalyzerContext): Promise<AnalysisBody<F>>;
  /** Its consumers of the run's shared ESLint pass at `tier` (see `shared/eslint-plan.ts`). */
  eslintConsumers?(tier: Tier): EslintConsumer[];
  /** Its consumers of the run's shared Python pass at `tier` (see `shared/python-pass-plan.ts`). */
  pythonConsumers?(tier: Tier): PythonConsumer[];
}

/** An analyser made by {@link defineAnalyzer}: an {@link Analyzer} that also carries its meta. */
export interface DefinedAnalyzer<
  F extends Record<string, unknown> = Record<string, unknown>,
  O extends AnalyzeOptions = AnalyzeOptions,
> extends Analyzer<F, O> {
  readonly meta: AnalyzerMeta;
  /** Its consumers of the run's shared ESLint pass at `tier` (none when it lints nothing). */
  eslintConsumers(tier: Tier): EslintConsumer[];
  /** Its consumers of the run's shared Python pass at `tier` (none when it parses no Python). */
  pythonConsumers(tier: Tier): PythonConsumer[];
}

/**
 * The one-line error of an unknown tier.
 *
 * @example
 * checkTier('quality', ['CHEAP', 'CAPABLE', 'PREMIUM'], 'GOLD'); // throws UserError
 */
export function checkTier(id: string, tiers: readonly Tier[], tier: unknown): Tier {
  if (typeof tier === 'string' && (tiers as readonly string[]).includes(tier) && TIERS.includes(tier as Tier))
    return tier as Tier;
  throw new UserError(`${id} analyser: unknown tier ${JSON.stringify(tier)}: use one of ${tiers.join(', ')}`);
}

/**
 * Makes an analyser from its meta and its body.
 *
 * @example
 * export const lineCountAnalyzer = defineAnalyzer({
 *   meta: { id: 'line-count', version: '1.0.0', tool: 'line_count', description: 'Non-blank lines',
 *           primaryFigure: 'loc', tiers: ['CHEAP', 'CAPABLE', 'PREMIUM'] },
 *   async analyze(index) {
 *     const loc = index.files.reduce((sum, f) => sum + f.loc, 0);
 *     return { figures: { loc }, findings: [], tools: [], filesCounted: index.files.length, notMeasured: [], cached: false };
 *   },
 * });
 */
export function defineAnalyzer<F extends Record<string, unknown>, O extends AnalyzeOptions = AnalyzeOptions>(
  definition: AnalyzerDefinition<F, O>,
): DefinedAnalyzer<F, O> {
  const { meta } = definition;
  return {
    id: meta.id,
    version: meta.version,
    meta,
    eslintConsumers: (tier) => definition.eslintConsumers?.(tier) ?? [],
    pythonConsumers: (tier) => definition.pythonConsumers?.(tier) ?? [],
    async analyze(index: ProjectIndex, options: O): Promise<AnalysisReport<F>> {
      const started = performance.now();
      const tier = checkTier(meta.id, meta.tiers, options?.tier);
      options.signal?.throwIfAborted();
      const context: AnalyzerContext = {
        tier,
        cached: ({ part, ...parts }, compute, storeOptions) =>
          cachedAnalysis(
            index,
            { ...parts, analyzer: part === undefined ? meta.id : `${meta.id}-${part}`, version: meta.version },
            compute,
            storeOptions,
          ),
      };
      const body = await definition.analyze(index, options, context);
      return {
        analyzer: meta.id,
        version: meta.version,
        tier,
        root: index.root,
        figures: body.figures,
        findings: body.findings,
        tools: body.tools,
        filesCounted: body.filesCounted,
        notMeasured: body.notMeasured,
        durationSeconds: (performance.now() - started) / 1000,
        cached: body.cached,
      };
    },
  };
}
