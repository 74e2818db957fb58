/**
 * A scripted language model for unit tests: answers from a script, one step per call,
 * records every request, and fails on an unexpected call (no step left, or the wrong
 * model) and on left-over steps ({@link ScriptedModel.assertDone}). Built on the AI SDK's
 * `MockLanguageModelV3`, so it plugs in wherever an SDK model does.
 *
 * @module
 */
import { APICallError, type LanguageModel } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';

type CallOptions = Parameters<MockLanguageModelV3['doGenerate']>[0];
type GenerateResult = Awaited<ReturnType<MockLanguageModelV3['doGenerate']>>;

/** One request the scripted model received. */
export interface ScriptedRequest {
  modelId: string;
  /** The system prompt ('' when none). */
  system: string;
  /** The user messages' text, joined by blank lines. */
  prompt: string;
  maxOutputTokens: number | undefined;
}

/** One scripted answer. */
export type ScriptedStep =
  | {
      /** The answer text, or a function of the request. */
      text: string | ((request: ScriptedRequest) => string);
      /** Expected model id; another one is an unexpected call. */
      model?: string;
      /** Reported usage (default: a quarter of the characters, rounded up). */
      inputTokens?: number;
      outputTokens?: number;
    }
  | {
      model?: string;
      /** An HTTP failure as the SDK reports it. */ status: number;
      retryAfterSeconds?: number;
    }
  | { model?: string; /** Thrown as is. */ error: Error };

function textOf(options: CallOptions): { system: string; prompt: string } {
  const system: string[] = [];
  const user: string[] = [];
  for (const message of options.prompt) {
    if (message.role === 'system') system.push(message.content);
    else if (message.role === 'user')
      for (const part of message.content) if (part.type === 'text') user.push(part.text);
  }
  return { system: system.join('\n\n'), prompt: user.join('\n\n') };
}

/**
 * @example
 * const scripted = new ScriptedModel([{ text: '{"findings":[],"recommendations":[],"confidence":0.9}' }]);
 * const runtime = createModelRuntime({ provider: { name: 'anthropic' } }, { ANTHROPIC_API_KEY: 'test' }, { languageModel: scripted.factory });
 * // ... run ...
 * scripted.assertDone(); // throws on left-over steps or unexpected calls
 */
export class ScriptedModel {
  /** Every request received, in order. */
  readonly requests: ScriptedRequest[] = [];
  readonly #steps: ScriptedStep[];
  readonly #problems: string[] = [];

  constructor(steps: ScriptedStep[]) {
    this.#steps = [...steps];
  }

  /** Steps not used yet. */
  get remaining(): number {
    return this.#steps.length;
  }

  /** Appends steps. */
  add(...steps: ScriptedStep[]): void {
    this.#steps.push(...steps);
  }

  /** An SDK language model answering from this script under `modelId`. */
  languageModel(modelId = 'scripted'): LanguageModel {
    return new MockLanguageModelV3({
      provider: 'scripted',
      modelId,
      doGenerate: (options) => this.#answer(modelId, options),
    });
  }

  /** A model factory for `ModelClient` / `createModelRuntime` (`languageModel` option). */
  readonly factory = (_tier: string, modelId: string): LanguageModel => this.languageModel(modelId);

  /** Throws when a call was unexpected or steps are left over. */
  assertDone(): void {
    const problems = [...this.#problems];
    if (this.#steps.length > 0) problems.push(`${this.#steps.length} scripted step(s) were never used`);
    if (problems.length > 0) throw new Error(`scripted model: ${problems.join('; ')}`);
  }

  #answer(modelId: string, options: CallOptions): Promise<GenerateResult> {
    const request: ScriptedRequest = {
      modelId,
      ...textOf(options),
      maxOutputTokens: options.maxOutputTokens,
    };
    this.requests.push(request);
    const step = this.#steps.shift();
    const call = `call ${this.requests.length} (model ${modelId})`;
    if (!step)
      return this.#fail(
        `unexpected ${call}: no step left; prompt starts ${JSON.stringify(request.prompt.slice(0, 80))}`,
      );
    if (step.model !== undefined && step.model !== modelId)
      return this.#fail(`unexpected ${call}: the script expected model ${step.model}`);
    if ('error' in step) return Promise.reject(step.error);
    if ('status' in step) {
      return Promise.reject(
        new APICallError({
          message: `scripted HTTP ${step.status}`,
          url: 'scripted://model',
          requestBodyValues: {},
          statusCode: step.status,
          responseHeaders:
            step.retryAfterSeconds !== undefined ? { 'retry-after': String(step.retryAfterSeconds) } : {},
          isRetryable: step.status === 429 || step.status >= 500,
        }),
      );
    }
    const text = typeof step.text === 'function' ? step.text(request) : step.text;
    const input =
      step.inputTokens ?? Math.max(1, Math.ceil((request.system.length + request.prompt.length) / 4));
    const output = step.outputTokens ?? Math.max(1, Math.ceil(text.length / 4));
    return Promise.resolve({
      content: [{ type: 'text', text }],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: {
        inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
        outputTokens: { total: output, text: output, reasoning: undefined },
      },
      warnings: [],
    });
  }

  #fail(problem: string): Promise<never> {
    this.#problems.push(problem);
    return Promise.reject(new Error(`scripted model: ${problem}`));
  }
}
