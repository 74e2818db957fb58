/**
 * The queue address: `redis://HOST:PORT[/DB]` (also `rediss://` for TLS) or
 * `redis+unix:///path/to/redis.sock[?db=N]`, from `--queue`, `EMPATHY_QUEUE` or the user
 * config's `queue` (in that order). Only the user decides it: a repository's configuration
 * cannot (see workflows/config/trust.ts).
 *
 * @module
 */
import { UserError } from '../errors.js';

/** Where the Redis server of a queue is, as ioredis connection options. */
export interface QueueAddress {
  /** The address as the user wrote it (without a password). */
  display: string;
  host?: string;
  port?: number;
  path?: string;
  db: number;
  username?: string;
  password?: string;
  tls?: Record<string, never>;
}

function dbOf(text: string | null, url: string): number {
  if (text === null || text === '') return 0;
  if (!/^\d{1,2}$/.test(text)) throw new UserError(`--queue ${url}: the database must be a number 0-15, got "${text}"`);
  return Number(text);
}

/**
 * Parses a queue address.
 *
 * @throws UserError for anything but `redis://`, `rediss://` or `redis+unix://` with a valid host, port, path or database.
 * @example
 * parseQueueUrl('redis://127.0.0.1:6379/2'); // { host: '127.0.0.1', port: 6379, db: 2, ... }
 * parseQueueUrl('redis+unix:///run/redis.sock'); // { path: '/run/redis.sock', db: 0, ... }
 */
export function parseQueueUrl(url: string): QueueAddress {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError(`--queue "${url}" is not a URL; use redis://HOST:PORT[/DB] or redis+unix:///path/to/redis.sock`);
  }
  const credentials = {
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
  };
  const display = `${parsed.protocol}//${parsed.host}${parsed.pathname}${parsed.search}`;
  if (parsed.protocol === 'redis+unix:') {
    if (parsed.host !== '' || !parsed.pathname.startsWith('/') || parsed.pathname === '/')
      throw new UserError(`--queue ${url}: a unix socket address is redis+unix:///absolute/path.sock`);
    return { display, path: decodeURIComponent(parsed.pathname), db: dbOf(parsed.searchParams.get('db'), url), ...credentials };
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw new UserError(`--queue ${url}: unsupported scheme ${parsed.protocol} (use redis://, rediss:// or redis+unix://)`);
  if (parsed.hostname === '') throw new UserError(`--queue ${url}: no host; use redis://HOST:PORT`);
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  const db = dbOf(parsed.pathname.replace(/^\//, '') || null, url);
  return {
    display,
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port,
    db,
    ...credentials,
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/**
 * The queue address a command uses: `--queue`, else `EMPATHY_QUEUE`, else the user config's
 * `queue`; `null` when none is set (the run stays in-process).
 */
export function resolveQueueUrl(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  userConfigQueue?: string,
): string | null {
  if (flag !== undefined) {
    if (flag === '') throw new UserError('--queue is empty; use redis://HOST:PORT[/DB] or redis+unix:///path');
    return flag;
  }
  const fromEnv = env['EMPATHY_QUEUE'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return userConfigQueue !== undefined && userConfigQueue !== '' ? userConfigQueue : null;
}
