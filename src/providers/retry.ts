/**
 * Retries of one model call: exponential backoff with jitter on 429, 408 and 5xx answers,
 * network failures and per-attempt timeouts, honouring the server's `Retry-After`
 * (seconds or HTTP date) and `retry-after-ms`. Other 4xx answers and malformed answers are
 * not retried. A caller's abort stops at once.
 *
 * @module
 */
import { APICallError } from 'ai';
import { errorMessage } from '../errors.js';

/** Options of the retry loop. */
export interface RetryOptions {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First backoff in milliseconds (default 1000). */
  baseDelayMs?: number;
  /** Largest backoff in milliseconds (default 30 000). */
  maxDelayMs?: number;
  /** A `Retry-After` longer than this (ms) is not waited for: the call fails (default 60 000). */
  maxRetryAfterMs?: number;
  /** Random source in [0, 1) (tests pin it). */
  random?: () => number;
  signal?: AbortSignal;
}

/** How one failed attempt is classified. */
export interface AttemptFailure {
  retryable: boolean;
  /** Delay the server asked for, in ms, when it said so. */
  retryAfterMs: number | null;
  status: number | null;
  message: string;
}

/** Parses `Retry-After` (delta seconds or HTTP date) and `retry-after-ms` headers into milliseconds. */
export function retryAfterMs(headers: Record<string, string> | undefined, now = Date.now()): number | null {
  if (!headers) return null;
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const ms = Number(lower['retry-after-ms']);
  if (lower['retry-after-ms'] !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  const value = lower['retry-after']?.trim();
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Classifies a thrown error of one attempt. `timedOut` says our per-attempt deadline fired. */
export function classifyFailure(error: unknown, timedOut: boolean): AttemptFailure {
  if (timedOut) return { retryable: true, retryAfterMs: null, status: null, message: 'timed out' };
  if (APICallError.isInstance(error)) {
    const status = error.statusCode ?? null;
    const retryable =
      status === null
        ? error.isRetryable
        : status === 408 || status === 409 || status === 429 || status >= 500;
    const detail = status !== null ? `HTTP ${status}` : 'no answer';
    return {
      retryable,
      retryAfterMs: retryAfterMs(error.responseHeaders),
      status,
      message: `${detail}: ${firstLine(error.message)}`,
    };
  }
  return { retryable: false, retryAfterMs: null, status: null, message: firstLine(errorMessage(error)) };
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? text).slice(0, 300);
}

/**
 * The delay before retry number `retry` (0-based): the server's `Retry-After` when given
 * (never less), otherwise `base x 2^retry` capped, with "equal jitter" (half fixed, half random).
 */
export function backoffDelayMs(retry: number, failure: AttemptFailure, options: RetryOptions): number {
  const base = options.baseDelayMs ?? 1000;
  const cap = options.maxDelayMs ?? 30_000;
  const random = options.random ?? Math.random;
  const exponential = Math.min(cap, base * 2 ** retry);
  const jittered = exponential / 2 + (random() * exponential) / 2;
  return failure.retryAfterMs !== null ? Math.max(failure.retryAfterMs, 0) : jittered;
}

/** Waits `ms`, rejecting early when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
