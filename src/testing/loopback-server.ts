/**
 * A loopback HTTP server on 127.0.0.1 that speaks the Anthropic Messages API and OpenAI
 * chat completions, plain and streaming (server-sent events), so the real HTTP path of the
 * AI SDK is tested without the network. It can be told to answer 429 (with `Retry-After`),
 * 5xx, slowly, or with a body that is not JSON; it records every request and the usage it
 * reported.
 *
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicAnswer, openaiAnswer, type AnswerParts } from './wire-formats.js';

/** Which API a request spoke. */
export type LoopbackApi = 'anthropic' | 'openai';

/** One request the server received. */
export interface RecordedRequest {
  api: LoopbackApi;
  path: string;
  /** The raw body, exactly as received. */
  body: string;
  /** The parsed body (`null` when it was not JSON). */
  json: Record<string, unknown> | null;
  model: string | null;
  stream: boolean;
  /** The key the client sent (`x-api-key` or `Authorization: Bearer`), or `null`. */
  keyReceived: string | null;
  /** `Date.now()` when the request arrived. */
  receivedAt: number;
}

/** How to answer one request. `text` may be computed from the request. */
export type LoopbackBehaviour =
  | {
      kind: 'ok';
      text?: string | ((request: RecordedRequest) => string);
      inputTokens?: number;
      outputTokens?: number;
    }
  | { kind: 'rate_limit'; retryAfterSeconds?: number }
  | { kind: 'server_error'; status?: number }
  | { kind: 'slow'; delayMs: number; text?: string }
  | { kind: 'malformed_json' };

/** Options of {@link LoopbackServer.start}. */
export interface LoopbackServerOptions {
  /** Answers used in order, one per request. */
  script?: LoopbackBehaviour[];
  /** The answer once the script is used up (default: `{ kind: 'ok' }`). */
  fallback?: LoopbackBehaviour | ((request: RecordedRequest) => LoopbackBehaviour);
  /** Text of `ok` answers without their own (default `"ok"`). */
  defaultText?: string | ((request: RecordedRequest) => string);
}

/** Usage the server reported in its successful answers. */
export interface ReportedUsage {
  inputTokens: number;
  outputTokens: number;
  /** Successful answers, per model id. */
  answers: number;
  perModel: Record<string, { inputTokens: number; outputTokens: number; answers: number }>;
}

/** Input tokens the server reports for a request: a quarter of the bytes of its messages (rounded up). */
export function reportedInputTokens(json: Record<string, unknown> | null): number {
  if (!json) return 0;
  const parts = [JSON.stringify(json['system'] ?? ''), JSON.stringify(json['messages'] ?? [])];
  return Math.max(1, Math.ceil(Buffer.byteLength(parts.join(''), 'utf8') / 4));
}

/**
 * @example
 * const server = await LoopbackServer.start({ script: [{ kind: 'rate_limit', retryAfterSeconds: 1 }] });
 * const anthropic = createAnthropic({ apiKey: 'test', baseURL: server.baseURL });
 * // ... run the code under test ...
 * server.requests.length; server.usage.inputTokens;
 * await server.close();
 */
export class LoopbackServer {
  /** Every request received, in order. */
  readonly requests: RecordedRequest[] = [];
  /** What the server reported as usage. */
  readonly usage: ReportedUsage = { inputTokens: 0, outputTokens: 0, answers: 0, perModel: {} };
  readonly #script: LoopbackBehaviour[];
  readonly #options: LoopbackServerOptions;
  #server: Server | null = null;
  #port = 0;

  private constructor(options: LoopbackServerOptions) {
    this.#options = options;
    this.#script = [...(options.script ?? [])];
  }

  /** Starts a server on a free port of 127.0.0.1. */
  static async start(options: LoopbackServerOptions = {}): Promise<LoopbackServer> {
    const server = new LoopbackServer(options);
    await server.#listen();
    return server;
  }

  /** `http://127.0.0.1:PORT/v1`: the base URL for both APIs. */
  get baseURL(): string {
    return `http://127.0.0.1:${this.#port}/v1`;
  }

  /** Queues more answers after the current script. */
  enqueue(...behaviours: LoopbackBehaviour[]): void {
    this.#script.push(...behaviours);
  }

  /** Stops the server (open connections are closed). */
  close(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    if (!server) return Promise.resolve();
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  #listen(): Promise<void> {
    const server = createServer((req, res) => void this.#handle(req, res));
    this.#server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        this.#port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const api: LoopbackApi | null = path.endsWith('/messages')
      ? 'anthropic'
      : path.endsWith('/chat/completions')
        ? 'openai'
        : null;
    if (req.method !== 'POST' || api === null) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
      return;
    }
    let json: Record<string, unknown> | null = null;
    try {
      json = JSON.parse(body) as Record<string, unknown>;
    } catch {
      json = null;
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const apiKeyHeader = req.headers['x-api-key'];
    const recorded: RecordedRequest = {
      api,
      path,
      body,
      json,
      model: typeof json?.['model'] === 'string' ? json['model'] : null,
      stream: json?.['stream'] === true,
      keyReceived: typeof apiKeyHeader === 'string' ? apiKeyHeader : (bearer ?? null),
      receivedAt: Date.now(),
    };
    this.requests.push(recorded);
    const next = this.#script.shift();
    const fallback = this.#options.fallback;
    const behaviour: LoopbackBehaviour =
      next ?? (typeof fallback === 'function' ? fallback(recorded) : (fallback ?? { kind: 'ok' }));
    await this.#answer(recorded, behaviour, res);
  }

  async #answer(request: RecordedRequest, behaviour: LoopbackBehaviour, res: ServerResponse): Promise<void> {
    const error = (status: number, type: string, message: string, headers: Record<string, string> = {}) => {
      const payload =
        request.api === 'anthropic'
          ? { type: 'error', error: { type, message } }
          : { error: { message, type, code: null } };
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(payload));
    };
    switch (behaviour.kind) {
      case 'rate_limit':
        return error(429, 'rate_limit_error', 'rate limited (loopback)', {
          'retry-after': String(behaviour.retryAfterSeconds ?? 1),
        });
      case 'server_error':
        return error(behaviour.status ?? 500, 'api_error', 'internal error (loopback)');
      case 'malformed_json':
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"id": "broken", "content": [ {"type": "te');
        return;
      case 'slow':
        await holdFor(behaviour.delayMs, request.receivedAt, res);
        if (res.destroyed || res.writableEnded) return;
        return this.#ok(request, { kind: 'ok', text: behaviour.text }, res);
      case 'ok':
        return this.#ok(request, behaviour, res);
    }
  }

  #ok(
    request: RecordedRequest,
    behaviour: Extract<LoopbackBehaviour, { kind: 'ok' }>,
    res: ServerResponse,
  ): void {
    const source = behaviour.text ?? this.#options.defaultText ?? 'ok';
    const text = typeof source === 'function' ? source(request) : source;
    const json = request.json ?? {};
    const cap = Number(json['max_tokens'] ?? json['max_completion_tokens'] ?? Number.POSITIVE_INFINITY);
    const parts: AnswerParts = {
      model: request.model ?? 'unknown',
      text,
      inputTokens: behaviour.inputTokens ?? reportedInputTokens(request.json),
      outputTokens: behaviour.outputTokens ?? Math.min(cap, Math.max(1, Math.ceil(text.length / 4))),
    };
    this.usage.inputTokens += parts.inputTokens;
    this.usage.outputTokens += parts.outputTokens;
    this.usage.answers += 1;
    const entry = (this.usage.perModel[parts.model] ??= { inputTokens: 0, outputTokens: 0, answers: 0 });
    entry.inputTokens += parts.inputTokens;
    entry.outputTokens += parts.outputTokens;
    entry.answers += 1;
    const answer =
      request.api === 'anthropic'
        ? anthropicAnswer(parts, request.stream)
        : openaiAnswer(parts, request.stream);
    res
      .writeHead(200, { 'content-type': request.stream ? 'text/event-stream' : 'application/json' })
      .end(answer);
  }
}

/**
 * Waits until `delayMs` have passed since `since` (by `Date.now()`, the clock `receivedAt` is
 * read with, so a slow answer is never early by that clock), or until the client hangs up.
 */
async function holdFor(delayMs: number, since: number, res: ServerResponse): Promise<void> {
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const onClose = () => {
    closed = true;
    clearTimeout(timer);
    wake?.();
  };
  res.once('close', onClose);
  try {
    for (let left = since + delayMs - Date.now(); left > 0 && !closed; left = since + delayMs - Date.now()) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, left);
      });
    }
  } finally {
    res.off('close', onClose);
  }
}
