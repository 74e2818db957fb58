/**
 * The configuration store: the memory of which agent teams worked (spec "Configuration
 * Store"). One JSON file per composition, `<storageDir>/<id>.json`, by default in the user's
 * data directory, outside the repository (`$XDG_DATA_HOME/empathy/repos/<name>-<hash>/compositions/`,
 * see `store-dir.ts`): a repository cannot plant compositions that a run would reuse. A store
 * inside the repository is used only when named (`storageDir`), and refused when it or a
 * directory above it inside the project root is a symbolic link.
 *
 * Safe under concurrency: every write is atomic (temporary file + fsync + rename), and every
 * write of one composition is serialised across processes by its lock file `<id>.lock`
 * (with stale-lock recovery). {@link ConfigurationStore.recordOutcome} does the whole
 * read-modify-write under that lock, so concurrent runs never lose an update; `save`
 * replaces the record (last writer wins).
 *
 * A file that does not parse or fails the schema is moved aside as `<id>.json.corrupt`
 * with a warning; the rest of the store keeps working. Files with a newer
 * `schema_version` are skipped with a warning and never touched.
 *
 * Ranking ({@link ConfigurationStore.search}, {@link ConfigurationStore.getBestForTask}):
 * by the lower bound of the 95% Wilson score interval of the success rate, then average
 * quality score, then usage count, then id. So 50 successes out of 51 (bound 0.897) rank
 * above 1 out of 1 (bound 0.207): a record needs evidence, not just a perfect ratio.
 *
 * @module
 */
import { promises as fsp } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import type { FileLockOptions } from '../../core/file-lock.js';
import { getLogger } from '../../core/logger.js';
import { UserError, errorMessage } from '../../errors.js';
import { AgentConfiguration, checkOutcome } from './agent-configuration.js';
import type { PatternLibrary } from './pattern-library.js';
import { RecordDirectory } from './record-dir.js';
import type { ParseOutcome } from './store-schema.js';
import { assertSafeId, parseStoredComposition } from './store-schema.js';
import { learningStoreDirs } from './store-dir.js';
import { wilsonLowerBound } from './wilson.js';

const log = getLogger('orchestration.config-store');

/**
 * The in-repository store directory of the original tool, relative to a project root. It is
 * never read by default; name its parent with `--store-dir .empathy/orchestration` to use it.
 */
export const DEFAULT_STORE_SUBDIR = join('.empathy', 'orchestration', 'compositions');

/** Options of {@link ConfigurationStore}. */
export interface ConfigurationStoreOptions {
  /**
   * Where the composition files live. Relative paths resolve against `projectRoot`. Default:
   * the project's directory in the user's data directory (`learningStoreDirs(root).compositions`).
   */
  storageDir?: string;
  /** Project root (default: the current directory): keys the default store, bounds the symlink check. */
  projectRoot?: string;
  /** When given, proven compositions contribute patterns to it on every write. */
  patternLibrary?: PatternLibrary;
  /** Lock timings (tests shorten them). */
  lock?: FileLockOptions;
}

/** Filters of {@link ConfigurationStore.search}. */
export interface SearchOptions {
  /** Exact task pattern, e.g. `release_prep`. Default: all. */
  taskPattern?: string;
  /** 0..1, default 0. */
  minSuccessRate?: number;
  /** 0..100, default 0. */
  minQualityScore?: number;
  /** Minimum number of recorded uses, default 0. */
  minUsageCount?: number;
  /** Positive integer, default 10. */
  limit?: number;
}

/**
 * Persistent storage of agent team compositions and their outcomes.
 *
 * Every method is async. `load` of an unknown id resolves to `undefined` (like the original
 * tool's `None`); so does `getBestForTask` with no match.
 *
 * @example
 * const store = new ConfigurationStore({ projectRoot: '/repo', patternLibrary: new PatternLibrary({ projectRoot: '/repo' }) });
 * const best = await store.getBestForTask('release_prep', { minSuccessRate: 0.8, minUsageCount: 3 });
 * const cfg = best ?? new AgentConfiguration({ taskPattern: 'release_prep', agents, strategy: 'parallel' });
 * // ... run the team ...
 * await store.recordOutcome(cfg, report.approved, qualityScore); // creates the record on first use
 */
export class ConfigurationStore {
  /** Absolute path of the store directory. */
  readonly storageDir: string;
  /** The pattern library fed by this store, if any. */
  readonly patternLibrary: PatternLibrary | undefined;
  private readonly records: RecordDirectory<AgentConfiguration>;
  private byEvidence: { of: AgentConfiguration[] | null; sorted: AgentConfiguration[] } = {
    of: null,
    sorted: [],
  };
  private byLastUsed: { of: AgentConfiguration[] | null; sorted: AgentConfiguration[] } = {
    of: null,
    sorted: [],
  };

  constructor(options: ConfigurationStoreOptions = {}) {
    const root = resolve(options.projectRoot ?? process.cwd());
    this.storageDir =
      options.storageDir === undefined
        ? learningStoreDirs(root).compositions
        : resolve(root, options.storageDir);
    this.patternLibrary = options.patternLibrary;
    this.records = new RecordDirectory({
      dir: this.storageDir,
      projectRoot: root,
      what: 'configuration store',
      recordKind: 'store',
      writableHint: 'storageDir (CLI: --store-dir DIR)',
      parse: (text, name) => this.parseFile(text, name),
      log,
      ...(options.lock ? { lock: options.lock } : {}),
    });
  }

  /**
   * Refuses a store (and its pattern library) that is, or lies under, a symbolic link inside
   * the project root. Every method that reads or writes the store calls it first.
   *
   * @throws UserError naming the link; nothing has been read, written or renamed.
   */
  async checkStorageDir(): Promise<void> {
    await this.records.checkNotLinked();
    await this.patternLibrary?.checkStorageDir();
  }

  /** The file of a composition (the id is validated). */
  filePath(id: string): string {
    assertSafeId(id);
    return this.records.file(id);
  }

  /**
   * Writes `config` (replacing any record with its id) and updates the pattern library.
   * Returns the file path.
   *
   * @throws UserError when the store directory cannot be written (the message names it).
   */
  async save(config: AgentConfiguration): Promise<string> {
    if (!(config instanceof AgentConfiguration)) throw new UserError('save() takes an AgentConfiguration');
    const path = this.filePath(config.id);
    await this.checkStorageDir();
    await this.records.ensureDir();
    await this.records.locked(config.id, async () => {
      await this.write(config);
      await this.syncPattern(config);
    });
    return path;
  }

  /** Reads one composition; `undefined` when there is none (or it was unreadable and set aside). */
  async load(id: string): Promise<AgentConfiguration | undefined> {
    assertSafeId(id);
    await this.checkStorageDir();
    const outcome = await this.records.read(id);
    if (outcome === undefined) return undefined;
    if (outcome.ok) return outcome.value;
    if (outcome.kind === 'unsupported')
      throw new UserError(`cannot read ${this.filePath(id)}: ${outcome.reason}`);
    await this.records.setAside([{ name: `${id}.json`, reason: outcome.reason }]);
    return undefined;
  }

  /** Removes a composition (and withdraws its pattern). Resolves to false when there was none. */
  async delete(id: string): Promise<boolean> {
    const path = this.filePath(id);
    await this.checkStorageDir();
    if (!(await this.records.exists())) return false;
    return this.records.locked(id, async () => {
      try {
        await fsp.unlink(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw this.records.writeError(error);
      }
      await this.patternLibrary?.withdrawComposition(id).catch((error: unknown) => {
        log.warn('could not withdraw the pattern of a deleted composition', {
          id,
          error: errorMessage(error),
        });
      });
      return true;
    });
  }

  /**
   * Records one run's outcome under the composition's lock: reads the current record,
   * applies {@link AgentConfiguration.recordOutcome}, writes it, updates the pattern library.
   * Given an `AgentConfiguration` that has no record yet, it is created from it. Safe with
   * any number of concurrent processes. Resolves to the updated record.
   *
   * @throws UserError on an invalid outcome, an unknown id (when given a string), or an unwritable store.
   */
  async recordOutcome(
    idOrConfig: string | AgentConfiguration,
    success: boolean,
    qualityScore: number,
  ): Promise<AgentConfiguration> {
    checkOutcome(success, qualityScore);
    const id = typeof idOrConfig === 'string' ? idOrConfig : idOrConfig.id;
    assertSafeId(id);
    await this.checkStorageDir();
    await this.records.ensureDir();
    return this.records.locked(id, async () => {
      let current = await this.records.read(id);
      if (current && !current.ok) {
        if (current.kind === 'unsupported')
          throw new UserError(`cannot update ${this.filePath(id)}: ${current.reason}`);
        await this.records.moveAside(`${id}.json`, current.reason);
        current = undefined;
      }
      let config: AgentConfiguration;
      if (current) config = current.value;
      else if (typeof idOrConfig !== 'string') config = idOrConfig.clone();
      else
        throw new UserError(`no composition ${id} in ${this.storageDir}; run \`empathy compositions list\``);
      config.recordOutcome(success, qualityScore);
      await this.write(config);
      await this.syncPattern(config);
      return config;
    });
  }

  /**
   * Compositions matching the filters, best first (Wilson lower bound of the success rate,
   * then average quality; see the module doc).
   *
   * @throws UserError when a filter is out of range.
   */
  async search(options: SearchOptions = {}): Promise<AgentConfiguration[]> {
    const { taskPattern, minSuccessRate = 0, minQualityScore = 0, minUsageCount = 0, limit = 10 } = options;
    if (taskPattern !== undefined && typeof taskPattern !== 'string')
      throw new UserError('taskPattern must be a string');
    if (!(minSuccessRate >= 0 && minSuccessRate <= 1))
      throw new UserError(`minSuccessRate must be 0-1, got ${minSuccessRate}`);
    if (!(minQualityScore >= 0 && minQualityScore <= 100))
      throw new UserError(`minQualityScore must be 0-100, got ${minQualityScore}`);
    if (!(Number.isInteger(minUsageCount) && minUsageCount >= 0))
      throw new UserError(`minUsageCount must be a non-negative integer, got ${minUsageCount}`);
    if (!(Number.isInteger(limit) && limit >= 1))
      throw new UserError(`limit must be a positive integer, got ${limit}`);
    const found: AgentConfiguration[] = [];
    for (const c of this.ranked(await this.snapshot())) {
      if (
        (taskPattern === undefined || c.taskPattern === taskPattern) &&
        c.successRate >= minSuccessRate &&
        c.avgQualityScore >= minQualityScore &&
        c.usageCount >= minUsageCount
      ) {
        found.push(c.clone());
        if (found.length === limit) break;
      }
    }
    return found;
  }

  /** The best composition for a task pattern (same ranking and filters as `search`), or undefined. */
  async getBestForTask(
    taskPattern: string,
    filters: Omit<SearchOptions, 'taskPattern' | 'limit'> = {},
  ): Promise<AgentConfiguration | undefined> {
    if (typeof taskPattern !== 'string' || taskPattern === '')
      throw new UserError('taskPattern must be a non-empty string');
    const [best] = await this.search({ ...filters, taskPattern, limit: 1 });
    return best;
  }

  /** Every composition, most recently used first (never used last, then newest created). */
  async listAll(): Promise<AgentConfiguration[]> {
    const records = await this.snapshot();
    if (this.byLastUsed.of !== records) {
      const time = (d: Date | null) => (d ? d.getTime() : -Infinity);
      const sorted = [...records].sort(
        (a, b) =>
          time(b.lastUsed) - time(a.lastUsed) ||
          b.createdAt.getTime() - a.createdAt.getTime() ||
          (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      );
      this.byLastUsed = { of: records, sorted };
    }
    return this.byLastUsed.sorted.map((c) => c.clone());
  }

  /** The records best first (Wilson bound, quality, uses, id); sorted once per change of the store. */
  private ranked(records: AgentConfiguration[]): AgentConfiguration[] {
    if (this.byEvidence.of !== records) {
      const sorted = records
        .map((c) => ({ c, w: wilsonLowerBound(c.successCount, c.usageCount) }))
        .sort(
          (a, b) =>
            b.w - a.w ||
            b.c.avgQualityScore - a.c.avgQualityScore ||
            b.c.usageCount - a.c.usageCount ||
            (a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0),
        )
        .map(({ c }) => c);
      this.byEvidence = { of: records, sorted };
    }
    return this.byEvidence.sorted;
  }

  private async snapshot(): Promise<AgentConfiguration[]> {
    await this.checkStorageDir();
    return this.records.list();
  }

  private parseFile(text: string, name: string): ParseOutcome<AgentConfiguration> {
    const id = name.slice(0, -'.json'.length);
    try {
      assertSafeId(id);
    } catch {
      return { ok: false, kind: 'unsupported', reason: 'the file name is not a valid composition id' };
    }
    const outcome = parseStoredComposition(text);
    if (!outcome.ok) return outcome;
    if (outcome.value.id !== id) {
      log.warn('store file id differs from its file name; using the file name', {
        file: join(this.storageDir, name),
        id: outcome.value.id,
      });
    }
    try {
      return { ok: true, value: AgentConfiguration.fromStored({ ...outcome.value, id }) };
    } catch (error) {
      return { ok: false, kind: 'corrupt', reason: errorMessage(error) };
    }
  }

  private async write(config: AgentConfiguration): Promise<void> {
    try {
      await writeFileAtomic(this.records.file(config.id), `${JSON.stringify(config.toJSON(), null, 2)}\n`);
    } catch (error) {
      throw this.records.writeError(error);
    }
  }

  private async syncPattern(config: AgentConfiguration): Promise<void> {
    if (!this.patternLibrary) return;
    try {
      await this.patternLibrary.syncComposition(config);
    } catch (error) {
      // The composition record is the source of truth; the pattern is re-derived on its next write.
      log.warn('could not update the pattern library', { id: config.id, error: errorMessage(error) });
    }
  }
}
