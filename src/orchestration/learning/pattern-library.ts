/**
 * The pattern library: proven agent compositions, shared across tasks (spec "Pattern
 * Library Integration").
 *
 * A composition with at least {@link PATTERN_MIN_USES} uses and a success rate of at least
 * {@link PATTERN_MIN_SUCCESS_RATE} contributes the pattern `orchestration_<composition id>`
 * (type `agent_composition`, confidence = success rate, with its evidence). The pattern is
 * rewritten every time the composition is written (so its figures follow the record) and
 * withdrawn when the composition drops below the bar or is deleted. One file per pattern,
 * `<storageDir>/orchestration_<id>.json`, written atomically under a lock file; by default in
 * the user's data directory beside the compositions (`learningStoreDirs(root).patterns`, see
 * `store-dir.ts`), never in the repository unless named.
 *
 * {@link PatternLibrary.suggest} finds patterns of similar tasks (see `task-similarity.ts`).
 *
 * @module
 */
import { promises as fsp } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../core/atomic-write.js';
import type { FileLockOptions } from '../../core/file-lock.js';
import { getLogger } from '../../core/logger.js';
import { UserError } from '../../errors.js';
import type { AgentConfiguration } from './agent-configuration.js';
import { RecordDirectory } from './record-dir.js';
import type { ParseOutcome, QualityGateValue, StoredAgent } from './store-schema.js';
import {
  STORE_SCHEMA_VERSION,
  assertSafeId,
  parseVersionedRecord,
  storedAgentSchema,
} from './store-schema.js';
import { learningStoreDirs } from './store-dir.js';
import { TASK_DOMAINS, inferDomains, taskSimilarity } from '../planning/task-similarity.js';
import { wilsonLowerBound } from './wilson.js';

const log = getLogger('orchestration.pattern-library');

/** Uses a composition needs before it contributes a pattern. */
export const PATTERN_MIN_USES = 3;
/** Success rate a composition needs to contribute a pattern. */
export const PATTERN_MIN_SUCCESS_RATE = 0.7;
/** A suggestion scoring at least this is "strong": similar enough to reuse its team as is. */
export const STRONG_SUGGESTION_SCORE = 0.5;
/** The in-repository pattern directory of earlier versions, relative to a project root (never used by default). */
export const DEFAULT_PATTERN_SUBDIR = join('.empathy', 'patterns');

/** Why a pattern exists: the composition's record when the pattern was last written. */
export interface PatternEvidence {
  composition_id: string;
  task_pattern: string;
  agents: StoredAgent[];
  strategy: string;
  quality_gates: Record<string, QualityGateValue>;
  domains: string[];
  usage_count: number;
  success_count: number;
  failure_count: number;
  success_rate: number;
  wilson_lower_bound: number;
  avg_quality_score: number;
  last_used: string | null;
}

/** A pattern file (snake_case, as serialised). */
export interface CompositionPattern {
  schema_version: number;
  id: string;
  agent_id: 'meta_orchestrator';
  pattern_type: 'agent_composition';
  /** The task pattern. */
  name: string;
  description: string;
  /** The composition's success rate. */
  confidence: number;
  domains: string[];
  tags: string[];
  evidence: PatternEvidence;
  created_at: string;
  updated_at: string;
}

/** One result of {@link PatternLibrary.suggest}. */
export interface PatternSuggestion {
  pattern: CompositionPattern;
  /** 0..1, see `taskSimilarity`. */
  score: number;
  textSimilarity: number;
  domainOverlap: number | null;
  /** `score >= STRONG_SUGGESTION_SCORE`. */
  strong: boolean;
}

/** What {@link PatternLibrary.syncComposition} did. */
export type PatternSyncResult = 'contributed' | 'updated' | 'withdrawn' | 'not_eligible';

const evidenceSchema = z.looseObject({
  composition_id: z.string(),
  task_pattern: z.string(),
  agents: z.array(storedAgentSchema),
  strategy: z.string(),
  quality_gates: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
  domains: z.array(z.string()),
  usage_count: z.number().int().nonnegative(),
  success_count: z.number().int().nonnegative(),
  failure_count: z.number().int().nonnegative(),
  success_rate: z.number().min(0).max(1),
  wilson_lower_bound: z.number().min(0).max(1),
  avg_quality_score: z.number().min(0).max(100),
  last_used: z.string().nullable(),
});

const patternSchema = z.looseObject({
  schema_version: z.number().int().nonnegative(),
  id: z.string().min(1),
  agent_id: z.literal('meta_orchestrator'),
  pattern_type: z.literal('agent_composition'),
  name: z.string(),
  description: z.string(),
  confidence: z.number().min(0).max(1),
  domains: z.array(z.string()),
  tags: z.array(z.string()),
  evidence: evidenceSchema,
  created_at: z.string(),
  updated_at: z.string(),
});

function parsePattern(text: string): ParseOutcome<CompositionPattern> {
  return parseVersionedRecord<CompositionPattern>(text, patternSchema);
}

/** The domains of a composition: its tags naming a domain (`security` or `domain:security`), plus those its task pattern implies. */
export function compositionDomains(config: Pick<AgentConfiguration, 'tags' | 'taskPattern'>): string[] {
  const tagged = config.tags
    .map((tag) => tag.replace(/^domain:/, ''))
    .filter((tag) => (TASK_DOMAINS as readonly string[]).includes(tag));
  const all = new Set([...tagged, ...inferDomains(config.taskPattern)]);
  return TASK_DOMAINS.filter((d) => all.has(d));
}

/** Options of {@link PatternLibrary}. */
export interface PatternLibraryOptions {
  /**
   * Where the pattern files live; relative paths resolve against `projectRoot`. Default: the
   * project's directory in the user's data directory (`learningStoreDirs(root).patterns`).
   */
  storageDir?: string;
  /** Project root (default: the current directory): keys the default directory, bounds the symlink check. */
  projectRoot?: string;
  lock?: FileLockOptions;
}

/**
 * Proven compositions as patterns, and cross-task suggestions from them.
 *
 * @example
 * const patterns = new PatternLibrary({ projectRoot: '/repo' });
 * const store = new ConfigurationStore({ projectRoot: '/repo', patternLibrary: patterns });
 * // ... after a composition has 3+ uses at >= 70% success:
 * const [top] = await patterns.suggest('audit the authentication code', { domains: ['security'] });
 * if (top?.strong) useTeam(top.pattern.evidence.agents, top.pattern.evidence.strategy);
 */
export class PatternLibrary {
  /** Absolute path of the pattern directory. */
  readonly storageDir: string;
  private readonly records: RecordDirectory<CompositionPattern>;

  constructor(options: PatternLibraryOptions = {}) {
    const root = resolve(options.projectRoot ?? process.cwd());
    this.storageDir =
      options.storageDir === undefined ? learningStoreDirs(root).patterns : resolve(root, options.storageDir);
    this.records = new RecordDirectory({
      dir: this.storageDir,
      projectRoot: root,
      what: 'pattern library',
      recordKind: 'pattern',
      writableHint: 'storageDir (CLI: --store-dir DIR)',
      parse: (text) => parsePattern(text),
      log,
      ...(options.lock ? { lock: options.lock } : {}),
    });
  }

  /**
   * Refuses a pattern directory that is, or lies under, a symbolic link inside the project root.
   *
   * @throws UserError naming the link; nothing has been read, written or renamed.
   */
  async checkStorageDir(): Promise<void> {
    await this.records.checkNotLinked();
  }

  /** The pattern id of a composition. */
  static patternId(compositionId: string): string {
    return `orchestration_${compositionId}`;
  }

  /** True when a composition has earned a pattern (>= 3 uses, success rate >= 0.7). */
  static isEligible(config: Pick<AgentConfiguration, 'usageCount' | 'successRate'>): boolean {
    return config.usageCount >= PATTERN_MIN_USES && config.successRate >= PATTERN_MIN_SUCCESS_RATE;
  }

  /**
   * Makes the library agree with a composition's current figures: writes (contributes or
   * updates) its pattern when it is eligible, removes it when not. The configuration store
   * calls this on every write of the composition, under the composition's lock.
   *
   * @throws UserError when the library directory cannot be written.
   */
  async syncComposition(config: AgentConfiguration): Promise<PatternSyncResult> {
    const id = PatternLibrary.patternId(config.id);
    assertSafeId(id, 'pattern id');
    if (!PatternLibrary.isEligible(config))
      return (await this.withdrawComposition(config.id)) ? 'withdrawn' : 'not_eligible';
    await this.checkStorageDir();
    await this.records.ensureDir();
    return this.records.locked(id, async () => {
      const existing = await this.get(id);
      const now = new Date().toISOString();
      const domains = compositionDomains(config);
      const pattern: CompositionPattern = {
        schema_version: STORE_SCHEMA_VERSION,
        id,
        agent_id: 'meta_orchestrator',
        pattern_type: 'agent_composition',
        name: config.taskPattern,
        description: `Successful agent composition for ${config.taskPattern}`,
        confidence: config.successRate,
        domains,
        tags: [...config.tags],
        evidence: {
          composition_id: config.id,
          task_pattern: config.taskPattern,
          agents: config.agents.map((a) => ({ ...a })),
          strategy: config.strategy,
          quality_gates: { ...config.qualityGates },
          domains,
          usage_count: config.usageCount,
          success_count: config.successCount,
          failure_count: config.failureCount,
          success_rate: config.successRate,
          wilson_lower_bound: wilsonLowerBound(config.successCount, config.usageCount),
          avg_quality_score: config.avgQualityScore,
          last_used: config.lastUsed ? config.lastUsed.toISOString() : null,
        },
        created_at: existing?.created_at ?? now,
        updated_at: now,
      };
      await writeFileAtomic(this.records.file(id), `${JSON.stringify(pattern, null, 2)}\n`);
      log.info(existing ? 'updated a composition pattern' : 'contributed a composition pattern', {
        id,
        confidence: pattern.confidence,
      });
      return existing ? 'updated' : 'contributed';
    });
  }

  /** Removes the pattern of a composition. Resolves to true when there was one. */
  async withdrawComposition(compositionId: string): Promise<boolean> {
    const id = PatternLibrary.patternId(compositionId);
    assertSafeId(id, 'pattern id');
    const path = this.records.file(id);
    await this.checkStorageDir();
    if (!(await fsp.stat(path).catch(() => undefined))) return false;
    return this.records.locked(id, async () => {
      const removed = await fsp.unlink(path).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return false;
          throw error;
        },
      );
      if (removed) log.info('withdrew a composition pattern', { id });
      return removed;
    });
  }

  /** One pattern by id, or undefined (also when its file is unreadable). */
  async get(patternId: string): Promise<CompositionPattern | undefined> {
    assertSafeId(patternId, 'pattern id');
    await this.checkStorageDir();
    const text = await fsp.readFile(this.records.file(patternId), 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    const outcome = parsePattern(text);
    return outcome.ok ? outcome.value : undefined;
  }

  /** Every readable pattern, highest confidence evidence (Wilson bound) first. */
  async list(): Promise<CompositionPattern[]> {
    await this.checkStorageDir();
    return [...(await this.records.list())].sort(
      (a, b) => b.evidence.wilson_lower_bound - a.evidence.wilson_lower_bound || (a.id < b.id ? -1 : 1),
    );
  }

  /**
   * Patterns of tasks similar to `task`, best first, with their evidence and a score:
   * text similarity of `task` to each pattern's task pattern and tags, combined with the
   * overlap of domains (given, or inferred from `task`). Ties go to stronger evidence.
   *
   * @throws UserError when `task` is empty or `limit` is not a positive integer.
   */
  async suggest(
    task: string,
    options: { domains?: string[]; limit?: number; minScore?: number } = {},
  ): Promise<PatternSuggestion[]> {
    if (typeof task !== 'string' || task.trim() === '')
      throw new UserError('suggest() needs a task description');
    const limit = options.limit ?? 5;
    if (!(Number.isInteger(limit) && limit >= 1))
      throw new UserError(`limit must be a positive integer, got ${limit}`);
    const minScore = options.minScore ?? 0.2;
    const queryDomains = options.domains && options.domains.length > 0 ? options.domains : inferDomains(task);
    return (await this.list())
      .map((pattern) => {
        const sim = taskSimilarity(
          { text: task, domains: queryDomains },
          { text: [pattern.name, ...pattern.tags].join(' '), domains: pattern.domains },
        );
        return { pattern, ...sim, strong: sim.score >= STRONG_SUGGESTION_SCORE };
      })
      .filter((s) => s.score >= minScore)
      .sort(
        (a, b) =>
          b.score - a.score || b.pattern.evidence.wilson_lower_bound - a.pattern.evidence.wilson_lower_bound,
      )
      .slice(0, limit);
  }
}
