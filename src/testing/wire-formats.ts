/**
 * Answer bodies of the loopback server in the providers' wire formats: Anthropic Messages
 * (JSON or server-sent events) and OpenAI chat completions (JSON or `data:` chunks ending
 * with `[DONE]`).
 *
 * @module
 */

/** What an answer says. */
export interface AnswerParts {
  model: string;
  text: string;
  inputTokens: number;
  outputTokens: number;
}

function sse(event: string | null, data: unknown): string {
  return `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

/** Splits text into a few stream deltas. */
function pieces(text: string): string[] {
  const size = Math.max(1, Math.ceil(text.length / 3));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length > 0 ? out : [''];
}

/** An Anthropic Messages answer (`stream`: the SSE event sequence). */
export function anthropicAnswer(parts: AnswerParts, stream: boolean): string {
  const id = 'msg_loopback';
  if (!stream) {
    return JSON.stringify({
      id,
      type: 'message',
      role: 'assistant',
      model: parts.model,
      content: [{ type: 'text', text: parts.text }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: parts.inputTokens, output_tokens: parts.outputTokens },
    });
  }
  return [
    sse('message_start', {
      type: 'message_start',
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model: parts.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: parts.inputTokens, output_tokens: 1 },
      },
    }),
    sse('content_block_start', {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'text', text: '' },
    }),
    ...pieces(parts.text).map((text) =>
      sse('content_block_delta', {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'text_delta', text },
      }),
    ),
    sse('content_block_stop', { type: 'content_block_stop', index: 0 }),
    sse('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: parts.outputTokens },
    }),
    sse('message_stop', { type: 'message_stop' }),
  ].join('');
}

/** An OpenAI chat completion (`stream`: chunks, a usage chunk, then `[DONE]`). */
export function openaiAnswer(parts: AnswerParts, stream: boolean): string {
  const base = { id: 'chatcmpl-loopback', created: Math.floor(Date.now() / 1000), model: parts.model };
  const usage = {
    prompt_tokens: parts.inputTokens,
    completion_tokens: parts.outputTokens,
    total_tokens: parts.inputTokens + parts.outputTokens,
  };
  if (!stream) {
    return JSON.stringify({
      ...base,
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: parts.text }, finish_reason: 'stop' }],
      usage,
    });
  }
  const chunk = (delta: Record<string, unknown>, finish: string | null) => ({
    ...base,
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
  return [
    sse(null, chunk({ role: 'assistant', content: '' }, null)),
    ...pieces(parts.text).map((content) => sse(null, chunk({ content }, null))),
    sse(null, chunk({}, 'stop')),
    sse(null, { ...base, object: 'chat.completion.chunk', choices: [], usage }),
    sse(null, '[DONE]'),
  ].join('');
}
