/**
 * Per-file results of one analyser configuration in one pack file, instead of one cache entry
 * file per source file: a run that finds everything cached reads one file per analyser (or
 * ESLint consumer) instead of about 2,000 small ones.
 *
 * A pack is `<cache dir>/<analyzer>/pack-<sha256 of analyzer, version and options>.txt`: a
 * header line (JSON: `schema_version`, `analyzer`, `version`, `options_hash`), then one line
 * per file, `<path as a JSON string> TAB <content sha256> TAB <value as JSON>` (JSON text has no
 * raw tab or newline, so a line splits unambiguously). A file's result is reused only when the
 * pack's analyser, version and options are the ones asked for and the file's content hash is the
 * one recorded: the same key as a per-file cache entry (see `cached-analysis.ts`). A pack keeps
 * the latest result of each path (a changed file replaces its line), so it stays the size of the
 * project.
 *
 * Reading takes no lock: a pack is only ever replaced by an atomic rename (`atomic-write.ts`).
 * Writes are batched (every `set` of the same tick goes into one write) and done under the
 * pack's lock file (`file-lock.ts`): the pack on disk is read again under the lock and our
 * lines are merged over it, so two runs writing at once both keep their results. A header or
 * line that does not parse is ignored (a miss) and replaced by the next write. Nothing here
 * throws: an unwritable cache directory is logged once and the cache stops writing.
 *
 * @module
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { withFileLock } from '../core/file-lock.js';
import { getLogger } from '../core/logger.js';
import { errorMessage } from '../errors.js';

const log = getLogger('project.cache');

/** Version of the pack format; a pack of another version is empty. */
export const PACK_SCHEMA_VERSION = 1;

/** What a pack holds results of (its header). */
export interface PackHeader {
  analyzer: string;
  version: string;
  /** sha256 of the canonical JSON of the analyser's options. */
  options_hash: string;
}

/** One line of a pack: the content hash it was computed for and the value's JSON text. */
interface PackLine {
  hash: string;
  json: string;
}

/** Where a pack reports that it cannot be written (the cache then stops writing). */
export interface PackWriteGuard {
  writable(): boolean;
  failed(error: unknown): void;
}

function headerLine(header: PackHeader): string {
  return JSON.stringify({ schema_version: PACK_SCHEMA_VERSION, ...header });
}

/** The lines of a pack's text for `header`; empty when the header is another one or unreadable. */
export function parsePack(text: string, header: PackHeader): Map<string, PackLine> {
  const lines = new Map<string, PackLine>();
  const rows = text.split('\n');
  if (rows[0] !== headerLine(header)) return lines;
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i]!;
    const first = row.indexOf('\t');
    const second = first < 0 ? -1 : row.indexOf('\t', first + 1);
    if (second < 0) continue;
    let path: unknown;
    try {
      path = JSON.parse(row.slice(0, first));
    } catch {
      continue;
    }
    const hash = row.slice(first + 1, second);
    if (typeof path === 'string' && /^[0-9a-f]{64}$/.test(hash)) lines.set(path, { hash, json: row.slice(second + 1) });
  }
  return lines;
}

function packText(header: PackHeader, lines: ReadonlyMap<string, PackLine>): string {
  const rows = [headerLine(header)];
  for (const [path, line] of [...lines].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    rows.push(`${JSON.stringify(path)}\t${line.hash}\t${line.json}`);
  return `${rows.join('\n')}\n`;
}

/**
 * The text of a cache file, or undefined when it is missing or unreadable (logged as `what`,
 * e.g. 'cannot read cache entry, treated as a miss', unless it is just missing). Never throws.
 */
export async function readCacheFile(file: string, what: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') log.warn(what, { file, error: errorMessage(error) });
    return undefined;
  }
}

async function readPack(file: string, header: PackHeader): Promise<Map<string, PackLine>> {
  const text = await readCacheFile(file, 'cannot read cache pack, treated as empty');
  if (text === undefined) return new Map();
  const lines = parsePack(text, header);
  if (lines.size === 0 && text.length > 0 && !text.startsWith(`${headerLine(header)}\n`))
    log.warn('corrupt or foreign cache pack ignored; it will be rebuilt', { file });
  return lines;
}

/** The per-file results of one analyser configuration, in one pack file (see the module doc). */
export class ResultPack {
  private loaded: Promise<Map<string, PackLine>> | null = null;
  private pending = new Map<string, PackLine>();
  private scheduled: Promise<void> | null = null;
  private last: Promise<void> = Promise.resolve();

  /**
   * @param file the pack file.
   * @param header what it holds results of.
   * @param guard the cache's writability.
   */
  constructor(
    readonly file: string,
    private readonly header: PackHeader,
    private readonly guard: PackWriteGuard,
  ) {}

  /** The result recorded for `path` at content `hash`, or undefined. Never throws. */
  async get<T>(path: string, hash: string): Promise<T | undefined> {
    this.loaded ??= readPack(this.file, this.header);
    const line = this.pending.get(path) ?? (await this.loaded).get(path);
    if (line === undefined || line.hash !== hash) return undefined;
    try {
      return JSON.parse(line.json) as T;
    } catch {
      log.warn('corrupt line of a cache pack ignored; it will be rebuilt', { file: this.file, path });
      return undefined;
    }
  }

  /**
   * Records `value` (JSON-serialisable) for `path` at content `hash`; resolves once it is
   * written with every other `set` of the same tick. Never throws; failures are logged.
   */
  set<T>(path: string, hash: string, value: T): Promise<void> {
    if (!this.guard.writable()) return Promise.resolve();
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch (error) {
      log.warn('result not cached: it is not JSON-serialisable', { analyzer: this.header.analyzer, error: errorMessage(error) });
    }
    if (json === undefined) return Promise.resolve();
    this.pending.set(path, { hash, json });
    if (this.scheduled === null) {
      this.scheduled = this.last.then(() => {
        this.scheduled = null;
        const batch = this.pending;
        this.pending = new Map();
        return this.write(batch);
      });
      this.last = this.scheduled;
    }
    return this.scheduled;
  }

  private async write(batch: ReadonlyMap<string, PackLine>): Promise<void> {
    if (batch.size === 0 || !this.guard.writable()) return;
    try {
      await mkdir(dirname(this.file), { recursive: true });
      await withFileLock(`${this.file}.lock`, async () => {
        const lines = await readPack(this.file, this.header);
        for (const [path, line] of batch) lines.set(path, line);
        await writeFileAtomic(this.file, packText(this.header, lines), { fsync: false });
        this.loaded = Promise.resolve(lines);
      });
    } catch (error) {
      this.guard.failed(error);
    }
  }
}
