/**
 * One structured logger for the library. Library code never writes
 * to the console directly; it logs through {@link getLogger}. Level from `EMPATHY_LOG`
 * (`debug`, `info`, `warn`, `error`, `silent`; default `warn`). Lines go to stderr: JSON
 * when stderr is not a TTY, plain text otherwise. Every event can also go to a trace sink
 * (`--trace FILE`).
 *
 * @module
 */

/** Log levels, most verbose first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** One log event. */
export interface LogEvent {
  time: string;
  level: Exclude<LogLevel, 'silent'>;
  scope: string;
  message: string;
  data?: Record<string, unknown>;
}

/** A logger bound to a scope such as `orchestration.runner`. */
export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

/** Where log events go. Replaceable for tests and for the CLI's `--verbose` / `--trace`. */
export interface LogSink {
  write(event: LogEvent): void;
}

function levelFromEnv(): LogLevel {
  const value = (process.env['EMPATHY_LOG'] ?? '').toLowerCase();
  return value in ORDER ? (value as LogLevel) : 'warn';
}

const stderrSink: LogSink = {
  write(event) {
    const line = process.stderr.isTTY
      ? `[${event.level}] ${event.scope}: ${event.message}${event.data ? ' ' + JSON.stringify(event.data) : ''}`
      : JSON.stringify(event);
    process.stderr.write(line + '\n');
  },
};

let threshold: LogLevel = levelFromEnv();
let sinks: LogSink[] = [stderrSink];
const traceSinks: LogSink[] = [];

/** Sets the minimum level written to the console sinks. */
export function setLogLevel(level: LogLevel): void {
  threshold = level;
}

/** Returns the current console log level. */
export function getLogLevel(): LogLevel {
  return threshold;
}

/** Replaces the console sinks (tests use this to capture output). Returns the previous sinks. */
export function setLogSinks(next: LogSink[]): LogSink[] {
  const previous = sinks;
  sinks = next;
  return previous;
}

/** Adds a trace sink that receives every event, whatever the level. Returns a function that removes it. */
export function addTraceSink(sink: LogSink): () => void {
  traceSinks.push(sink);
  return () => {
    const index = traceSinks.indexOf(sink);
    if (index >= 0) traceSinks.splice(index, 1);
  };
}

/**
 * Returns a logger for `scope`.
 *
 * @example
 * const log = getLogger('orchestration.runner');
 * log.debug('agent started', { agentId: 'security_auditor' });
 */
export function getLogger(scope: string): Logger {
  const emit = (level: Exclude<LogLevel, 'silent'>, message: string, data?: Record<string, unknown>) => {
    const wanted = ORDER[level] >= ORDER[threshold];
    if (!wanted && traceSinks.length === 0) return;
    const event: LogEvent = { time: new Date().toISOString(), level, scope, message };
    if (data) event.data = data;
    for (const sink of traceSinks) sink.write(event);
    if (wanted) for (const sink of sinks) sink.write(event);
  };
  return {
    debug: (m, d) => emit('debug', m, d),
    info: (m, d) => emit('info', m, d),
    warn: (m, d) => emit('warn', m, d),
    error: (m, d) => emit('error', m, d),
  };
}
