/**
 * The one errors module of empathy-framework.
 *
 * Every error the library throws on purpose is an {@link EmpathyError}. The CLI maps
 * {@link UserError} to exit code 2 with a one-line message and no stack trace; every
 * other error is a configuration, tool or internal failure, also exit 2 (exit 1 is kept for
 * "failed / release blocked"), printed in one line unless `--verbose` is given.
 *
 * @module
 */

/** Base class of every error thrown on purpose by empathy-framework. */
export class EmpathyError extends Error {
  /** A stable, machine-readable code such as `USER_ERROR` or `AGENT_TIMEOUT`. */
  readonly code: string;

  constructor(message: string, code = 'EMPATHY_ERROR', options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * Bad input from the user: an unknown option, a path that does not exist, an invalid
 * threshold, an unknown template id. The message is one actionable line.
 */
export class UserError extends EmpathyError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'USER_ERROR', options);
  }
}

/** An external tool (linter, test runner, coverage tool, interpreter) failed or could not run. */
export class ToolError extends EmpathyError {
  /** The tool that failed, for example `eslint` or `pytest`. */
  readonly tool: string;

  constructor(tool: string, message: string, options?: { cause?: unknown }) {
    super(message, 'TOOL_ERROR', options);
    this.tool = tool;
  }
}

/** A model provider call failed (network, HTTP status, malformed answer, budget, breaker). */
export class ProviderError extends EmpathyError {
  /** The provider that failed, for example `anthropic`. */
  readonly provider: string;
  /** The HTTP status, when the failure was an HTTP answer. */
  readonly status: number | undefined;

  constructor(provider: string, message: string, options?: { cause?: unknown; status?: number }) {
    super(message, 'PROVIDER_ERROR', options);
    this.provider = provider;
    this.status = options?.status;
  }
}

/** An agent ran past its deadline and was stopped. */
export class AgentTimeoutError extends EmpathyError {
  /** The agent that was stopped. */
  readonly agentId: string;
  /** The deadline it ran past, in seconds. */
  readonly timeoutSeconds: number;

  constructor(agentId: string, timeoutSeconds: number) {
    super(`agent ${agentId} timed out after ${timeoutSeconds}s`, 'AGENT_TIMEOUT');
    this.agentId = agentId;
    this.timeoutSeconds = timeoutSeconds;
  }
}

/** A broken invariant inside empathy-framework: a bug to report, never the user's fault. */
export class InternalError extends EmpathyError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'INTERNAL_ERROR', options);
  }
}

/** The message of any thrown value, for reports: never empty. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name || 'unknown error';
  if (typeof error === 'string' && error.length > 0) return error;
  try {
    const text = JSON.stringify(error);
    return text && text !== '{}' ? text : String(error);
  } catch {
    return String(error);
  }
}
