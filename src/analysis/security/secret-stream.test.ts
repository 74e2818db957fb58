import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_GITHUB_TOKEN } from '../../providers/fake-secrets.test-helper.js';
import { scanFileForSecrets } from './secret-stream.js';
import { createSecretEngine, type SecretEngine } from './secrets.js';

const temp = mkdtempSync(path.join(os.tmpdir(), 'empathy-secret-stream-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let engine: SecretEngine;
beforeAll(async () => {
  engine = await createSecretEngine(temp);
});

const write = (name: string, text: string | Buffer) => {
  const file = path.join(temp, name);
  writeFileSync(file, text);
  return file;
};

describe('scanFileForSecrets (windows of 1,000 characters, 200 shared)', () => {
  it.each([990, 1000, 1010, 1180, 1990, 2005])(
    'finds a token that starts at character %i once, located in the whole file',
    async (at) => {
      // One long line (a minified bundle): the column is what locates it.
      const text = 'a'.repeat(at - 1) + ` ${FAKE_GITHUB_TOKEN} ` + 'b'.repeat(3000);
      const scan = await scanFileForSecrets(engine, write(`line-${at}.js`, text), undefined, 1000, 200);
      expect(scan.binary).toBe(false);
      if (scan.binary) return;
      expect(scan.secrets.map((s) => [s.line, s.column])).toEqual([[1, at]]);
      expect(scan.chars).toBe(text.length);
    },
  );

  it('counts lines across windows', async () => {
    const text = 'filler line\n'.repeat(500) + `token: ${FAKE_GITHUB_TOKEN}\n` + 'tail\n'.repeat(300);
    const scan = await scanFileForSecrets(engine, write('lines.yml', text), undefined, 1000, 200);
    expect(!scan.binary && scan.secrets.map((s) => [s.line, s.column])).toEqual([[501, 7]]);
  });

  it('says binary (NUL byte in the first 8 KiB) and scans nothing', async () => {
    const scan = await scanFileForSecrets(engine, write('x.bin', Buffer.from([1, 0, 2, 3])));
    expect(scan).toEqual({ binary: true });
  });

  it('makes the engine only for a text file when given a function (a binary file never loads secretlint)', async () => {
    let made = 0;
    const make = async () => {
      made += 1;
      return engine;
    };
    expect(await scanFileForSecrets(make, write('y.bin', Buffer.from([7, 0, 8])))).toEqual({ binary: true });
    expect(made).toBe(0);
    const scan = await scanFileForSecrets(make, write('z.yml', `token: ${FAKE_GITHUB_TOKEN}\n`));
    expect(made).toBe(1);
    expect(!scan.binary && scan.secrets.map((s) => [s.line, s.column])).toEqual([[1, 7]]);
  });

  it('never follows a symbolic link', async () => {
    const { symlinkSync } = await import('node:fs');
    const target = write('target.txt', `token: ${FAKE_GITHUB_TOKEN}\n`);
    symlinkSync(target, path.join(temp, 'link.txt'));
    await expect(scanFileForSecrets(engine, path.join(temp, 'link.txt'))).rejects.toThrow(/ELOOP/);
  });
});
