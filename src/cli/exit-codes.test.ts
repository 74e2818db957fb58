import { describe, expect, it, vi } from 'vitest';
import os from 'node:os';
import { ToolError } from '../errors.js';
import { main } from './index.js';
import { recordingIO } from './test-io.test-helper.js';

// The providers command is replaced by one that fails the way a crashed tool or a bug does.
const failure = vi.hoisted(() => ({ error: new Error('unset') as unknown }));
vi.mock('./commands/providers.js', () => ({
  providersCommand: {
    name: 'providers',
    summary: 'test double',
    run: () => Promise.reject(failure.error),
  },
}));

describe('exit codes: 1 is "failed / blocked", 2 every error', () => {
  it.each([
    [
      'a bug (TypeError)',
      new TypeError("Cannot read properties of undefined (reading 'x')"),
      'empathy: internal error: Cannot read properties',
    ],
    [
      'a crashed tool (ToolError)',
      new ToolError('eslint', 'eslint crashed: out of memory'),
      'empathy: eslint crashed: out of memory',
    ],
    ['a thrown string', 'plain failure', 'empathy: internal error: plain failure'],
  ])('%s exits 2 with one line and no stack', async (_label, error, line) => {
    failure.error = error;
    const io = recordingIO(os.tmpdir());
    expect(await main(['providers'], io)).toBe(2);
    expect(io.err.startsWith(line)).toBe(true);
    expect(io.err.trim().split('\n')).toHaveLength(1);
    expect(io.out).toBe('');
  });

  it('--verbose adds the stack of an internal error, still exit 2', async () => {
    failure.error = new RangeError('bad length\nsecond line');
    const io = recordingIO(os.tmpdir());
    expect(await main(['providers', '--verbose'], io)).toBe(2);
    expect(io.err.split('\n')[0]).toBe('empathy: internal error: bad length');
    expect(io.err).toContain('at ');
  });
});
