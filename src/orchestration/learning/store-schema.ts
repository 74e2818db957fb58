/**
 * The files of the configuration store: their schema (zod, validated on every read), safe
 * ids, and timestamps.
 *
 * A store file is `<storageDir>/<id>.json` with the spec's snake_case fields plus
 * `schema_version` (see {@link StoredComposition}). Files written by the original Python
 * tool are read as well: they have no `schema_version` (read as version 0), timestamps
 * without a timezone (Python's `datetime.now().isoformat()`, read as local time, as Python
 * wrote them), lower-case tiers or strategies, and extra keys in agent entries (kept).
 *
 * @module
 */
import { z } from 'zod';
import { UserError } from '../../errors.js';
import type { StrategyName, Tier } from '../../types.js';
import { STRATEGY_NAMES, TIERS } from '../../types.js';

/** The schema version this code writes. Files with a higher version are left alone (never quarantined). */
export const STORE_SCHEMA_VERSION = 1;

/** A quality gate threshold as stored (numbers in practice; the original tool allowed any JSON scalar). */
export type QualityGateValue = number | string | boolean | null;

/** One agent of a stored team: `role` and `tier`, plus any extra keys the writer kept (preserved). */
export interface StoredAgent {
  role: string;
  tier: Tier;
  [key: string]: unknown;
}

/** A configuration store file, exactly as serialised (spec snake_case names). */
export interface StoredComposition {
  schema_version: number;
  id: string;
  task_pattern: string;
  agents: StoredAgent[];
  strategy: StrategyName;
  quality_gates: Record<string, QualityGateValue>;
  /** 0..1 */
  success_rate: number;
  /** 0..100 */
  avg_quality_score: number;
  usage_count: number;
  success_count: number;
  failure_count: number;
  /** ISO 8601 (we write UTC with `Z`; the original tool wrote local time without offset). */
  created_at: string;
  last_used: string | null;
  tags: string[];
}

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/;

/**
 * Throws a {@link UserError} unless `id` is safe as a file name inside the store directory:
 * 1-200 characters of letters, digits, `_`, `-`, `.`, starting with a letter or digit, and
 * no `..`. This rejects `../x`, absolute paths, path separators, NUL and the empty string.
 *
 * @example
 * assertSafeId('comp_release_prep_3f2a9c01b7de'); // ok
 * assertSafeId('../etc/passwd'); // throws UserError
 */
export function assertSafeId(id: unknown, what = 'composition id'): asserts id is string {
  if (typeof id !== 'string' || id.length === 0) {
    throw new UserError(`${what} must be a non-empty string`);
  }
  if (!SAFE_ID.test(id) || id.includes('..')) {
    throw new UserError(
      `invalid ${what} ${JSON.stringify(id)}: use 1-200 letters, digits, '_', '-' or '.', starting with a letter or digit (no path separators, '..' or NUL)`,
    );
  }
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses an ISO 8601 timestamp as written by this tool (UTC, `Z`) or by Python's
 * `isoformat()` (optionally with microseconds and an offset; without an offset it is local
 * time). Returns null when the text is not such a timestamp.
 */
export function parseTimestamp(text: string): Date | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s = '0', frac = '0', zone] = m;
  const ms = Math.round(Number(`0.${frac}`) * 1000);
  const parts = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms] as const;
  let time: number;
  if (zone === undefined) {
    time = new Date(...parts).getTime();
  } else {
    time = Date.UTC(...parts);
    if (zone !== 'Z') {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      time -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
    }
  }
  const [, month, day, hour, minute, second] = parts;
  if (Number.isNaN(time) || month > 11 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return null;
  return new Date(time);
}

const timestamp = z.string().refine((text) => parseTimestamp(text) !== null, 'not an ISO 8601 timestamp');

const tier = z
  .string()
  .transform((value) => value.toUpperCase())
  .pipe(z.enum(TIERS as [Tier, ...Tier[]]));

const strategy = z
  .string()
  .transform((value) => value.toLowerCase())
  .pipe(z.enum(STRATEGY_NAMES as [StrategyName, ...StrategyName[]]));

const count = z.number().int().nonnegative();

/** The zod schema of an agent entry (extra keys are kept). */
export const storedAgentSchema = z.looseObject({ role: z.string().min(1), tier });

/** The zod schema of a store file (accepts the original tool's files; output is normalised). */
export const storedCompositionSchema = z.object({
  schema_version: z.number().int().nonnegative().default(0),
  id: z.string().min(1),
  task_pattern: z.string().min(1),
  agents: z.array(storedAgentSchema).min(1),
  strategy,
  quality_gates: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])).default({}),
  success_rate: z.number().min(0).max(1).default(0),
  avg_quality_score: z.number().min(0).max(100).default(0),
  usage_count: count.default(0),
  success_count: count.default(0),
  failure_count: count.default(0),
  created_at: timestamp,
  last_used: timestamp.nullable().default(null),
  tags: z.array(z.string()).default([]),
});

/** The outcome of validating one stored record. */
export type ParseOutcome<T> =
  { ok: true; value: T } | { ok: false; kind: 'corrupt' | 'unsupported'; reason: string };

/** One line describing a zod error: the first issues with their paths. */
export function describeSchemaError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Parses and validates the text of a versioned record file (a store file, a pattern file).
 * `unsupported` means a newer `schema_version` than this code knows (leave the file alone);
 * `corrupt` means it does not parse or fails `schema`.
 */
export function parseVersionedRecord<T>(text: string, schema: z.ZodType): ParseOutcome<T> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, kind: 'corrupt', reason: `not valid JSON (${(error as Error).message})` };
  }
  const version = (data as { schema_version?: unknown } | null)?.schema_version;
  if (typeof version === 'number' && version > STORE_SCHEMA_VERSION) {
    return {
      ok: false,
      kind: 'unsupported',
      reason: `schema_version ${version} is newer than this empathy-framework understands (${STORE_SCHEMA_VERSION}); upgrade to read it`,
    };
  }
  const result = schema.safeParse(data);
  if (!result.success) return { ok: false, kind: 'corrupt', reason: describeSchemaError(result.error) };
  return { ok: true, value: result.data as T };
}

/** Parses and validates the text of a store file (see {@link parseVersionedRecord}). */
export function parseStoredComposition(text: string): ParseOutcome<StoredComposition> {
  return parseVersionedRecord<StoredComposition>(text, storedCompositionSchema);
}
