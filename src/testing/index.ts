/**
 * Public test support (`empathy-framework/testing`): a scripted model for unit tests and a
 * loopback server that speaks the Anthropic and OpenAI wire formats, so code that uses
 * model providers is tested without the network.
 *
 * @example
 * import { LoopbackServer, ScriptedModel } from 'empathy-framework/testing';
 *
 * @module
 */
export { ScriptedModel, type ScriptedRequest, type ScriptedStep } from './scripted-model.js';
export {
  LoopbackServer,
  reportedInputTokens,
  type LoopbackApi,
  type LoopbackBehaviour,
  type LoopbackServerOptions,
  type RecordedRequest,
  type ReportedUsage,
} from './loopback-server.js';
export { anthropicAnswer, openaiAnswer, type AnswerParts } from './wire-formats.js';
