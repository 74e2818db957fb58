import { describe, expect, it } from 'vitest';
import { AgentTimeoutError, EmpathyError, UserError, errorMessage } from './errors.js';

describe('errors', () => {
  it('UserError is an EmpathyError with a stable code', () => {
    const error = new UserError('unknown option --x');
    expect(error).toBeInstanceOf(EmpathyError);
    expect(error.code).toBe('USER_ERROR');
    expect(error.name).toBe('UserError');
  });

  it('AgentTimeoutError names the agent and the deadline', () => {
    expect(new AgentTimeoutError('a', 5).message).toBe('agent a timed out after 5s');
  });

  it('errorMessage is never empty', () => {
    expect(errorMessage(new Error(''))).toBe('Error');
    expect(errorMessage('boom')).toBe('boom');
    expect(errorMessage(undefined)).toBe('undefined');
    expect(errorMessage({ a: 1 })).toBe('{"a":1}');
  });
});
