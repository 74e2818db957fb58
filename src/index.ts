/**
 * empathy-framework: meta-orchestration of AI agent teams. Named re-exports only.
 *
 * @module
 */
export * from './errors.js';
export * from './types.js';
