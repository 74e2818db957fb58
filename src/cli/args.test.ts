import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { parseCommandArgs, parseList, parseNumber, resolveDirectory } from './args.js';

describe('parseCommandArgs', () => {
  const spec = { json: { type: 'boolean' }, path: { type: 'string' } } as const;

  it('parses known options and positionals', () => {
    const parsed = parseCommandArgs('x', ['task', '--json', '--path', '/tmp'], spec, { maxPositionals: 1 });
    expect(parsed.values).toMatchObject({ json: true, path: '/tmp' });
    expect(parsed.positionals).toEqual(['task']);
  });

  it('turns an unknown option into a one-line UserError', () => {
    expect(() => parseCommandArgs('orchestrate run', ['--bogus'], spec)).toThrow(
      new UserError('orchestrate run: unknown option --bogus (see: empathy orchestrate run --help)'),
    );
  });

  it('rejects a missing value and extra positionals', () => {
    expect(() => parseCommandArgs('x', ['--path'], spec)).toThrow(
      /option --path .*needs a value|argument missing/,
    );
    expect(() => parseCommandArgs('x', ['a', 'b'], spec, { maxPositionals: 1 })).toThrow(
      'unexpected argument "b"',
    );
  });
});

describe('parseNumber', () => {
  it('accepts numbers in range', () => {
    expect(parseNumber('--min-coverage', '85.5', { min: 0, max: 100 })).toBe(85.5);
  });

  it('rejects out-of-range, non-numeric and non-integer values', () => {
    expect(() => parseNumber('--min-coverage', '150', { min: 0, max: 100 })).toThrow(
      '--min-coverage must be between 0 and 100, got 150',
    );
    expect(() => parseNumber('--min-coverage', 'abc', { min: 0, max: 100 })).toThrow(UserError);
    expect(() => parseNumber('--max-critical', '1.5', { min: 0, integer: true })).toThrow('an integer');
    expect(() => parseNumber('--x', '', {})).toThrow(UserError);
  });

  it('accepts only plain decimal numbers', () => {
    for (const bad of [
      '0x50',
      '1e2',
      '0b1',
      '0o7',
      ' 5',
      '5 ',
      'Infinity',
      '-Infinity',
      'NaN',
      '+5',
      '1_000',
      '.',
    ])
      expect(() => parseNumber('--min-coverage', bad, {}), bad).toThrow(
        `--min-coverage must be a number, got "${bad}"`,
      );
    expect(parseNumber('--x', '-2.5', {})).toBe(-2.5);
    expect(parseNumber('--x', '.5', {})).toBe(0.5);
    expect(parseNumber('--x', '5.', {})).toBe(5);
    expect(parseNumber('--x', '007', {})).toBe(7);
  });
});

describe('parseList and resolveDirectory', () => {
  it('splits lists', () => {
    expect(parseList('a, b,,c ')).toEqual(['a', 'b', 'c']);
  });

  // an empty directory of this test's own: 'no-such-dir-xyz' cannot exist in it
  const empty = mkdtempSync(`${os.tmpdir()}/empathy-args-`);
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it('resolves directories and rejects missing ones and files', () => {
    expect(resolveDirectory('--path', '.', empty)).toBe(empty);
    expect(() => resolveDirectory('--path', 'no-such-dir-xyz', empty)).toThrow(
      '--path no-such-dir-xyz: no such directory',
    );
    expect(() => resolveDirectory('--path', process.execPath, '/')).toThrow('not a directory');
    expect(() => resolveDirectory('--path', '', empty)).toThrow(
      new UserError('--path is empty; give a directory, e.g. --path .'),
    );
  });
});
