import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFleetFile } from './fleet-file.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'empathy-fleet-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(path.join(dir, 'repos', 'a'), { recursive: true });

function fleet(text: string): string {
  const file = path.join(dir, 'fleet.txt');
  writeFileSync(file, text);
  return file;
}

describe('readFleetFile', () => {
  it('reads paths relative to the file and GIT_URL@COMMIT lines, skipping blanks and comments', () => {
    const file = fleet('# team repos\nrepos/a\n\nhttps://git.example/acme/auth.git@4F2A9C1\ngit@github.com:acme/web.git@0b7e5d2a91c3\n');
    expect(readFleetFile(file, '/')).toEqual([
      { label: 'repos/a', repo: { path: path.join(dir, 'repos', 'a') } },
      { label: 'https://git.example/acme/auth.git@4F2A9C1', repo: { gitUrl: 'https://git.example/acme/auth.git', commit: '4f2a9c1' } },
      { label: 'git@github.com:acme/web.git@0b7e5d2a91c3', repo: { gitUrl: 'git@github.com:acme/web.git', commit: '0b7e5d2a91c3' } },
    ]);
  });

  it.each([
    ['repos/missing\n', /line 1: repos\/missing: no such directory/],
    ['repos/a\nhttps://git.example/acme/auth.git\n', /line 2: .* needs a commit: GIT_URL@COMMIT/],
    ['# nothing\n\n', /no repositories in it/],
  ])('refuses %j in one line', (text, message) => {
    expect(() => readFleetFile(fleet(text), dir)).toThrow(message);
  });

  it('names a file it cannot read', () => {
    expect(() => readFleetFile('nope.txt', dir)).toThrow(/--repos nope.txt: cannot read it/);
  });
});
