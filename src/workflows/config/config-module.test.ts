import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../../errors.js';
import { evaluateConfigModule } from './config-module.js';

const dirs: string[] = [];
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'empathy-config-module-test-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('evaluateConfigModule', () => {
  it('prints the default export, calling and awaiting a function, importing repository files', async () => {
    const dir = project({
      'helper.mjs': 'export const min = 61;',
      'empathy.config.mjs':
        'import { min } from "./helper.mjs"; console.log("noise"); export default async () => ({ qualityGates: { min_coverage: min } });',
    });
    expect(await evaluateConfigModule(path.join(dir, 'empathy.config.mjs'), { root: dir })).toEqual({
      qualityGates: { min_coverage: 61 },
    });
  });

  it('loads CommonJS (.cjs) and a promise default export', async () => {
    const dir = project({
      'empathy.config.cjs': 'module.exports = Promise.resolve({ agents: ["security_auditor"] });',
    });
    expect(await evaluateConfigModule(path.join(dir, 'empathy.config.cjs'), { root: dir })).toEqual({
      agents: ['security_auditor'],
    });
  });

  it('sees no credential of the parent environment', async () => {
    const dir = project({ 'empathy.config.mjs': 'export default { seen: Object.keys(process.env) };' });
    const raw = (await evaluateConfigModule(path.join(dir, 'empathy.config.mjs'), {
      root: dir,
      env: { PATH: process.env['PATH'], OPENAI_API_KEY: 'placeholder-not-a-key', HOME: '/home/x' },
    })) as { seen: string[] };
    expect(raw.seen).toContain('PATH');
    expect(raw.seen).not.toContain('OPENAI_API_KEY');
  });

  it('cannot write a file, spawn a process, read outside the repository or open a socket', async () => {
    const outside = project({ 'secret.txt': 'outside' });
    const canary = path.join(outside, 'canary');
    const attempts = {
      write: `fs.writeFileSync(${JSON.stringify(canary)}, "x")`,
      spawn: `cp.execFileSync("/bin/sh", ["-c", "touch ${canary}"])`,
      read: `fs.readFileSync(${JSON.stringify(path.join(outside, 'secret.txt'))}, "utf8")`,
      fetch: 'await fetch("http://127.0.0.1:9/")',
      socket: 'net.connect(9, "127.0.0.1")',
    };
    const body = Object.entries(attempts)
      .map(([k, code]) => `try { ${code}; out.${k} = "done"; } catch (e) { out.${k} = "refused"; }`)
      .join('\n');
    const dir = project({
      'empathy.config.mjs': `import fs from "node:fs"; import cp from "node:child_process"; import net from "node:net";\nconst out = {};\n${body}\nexport default out;`,
    });
    const raw = await evaluateConfigModule(path.join(dir, 'empathy.config.mjs'), { root: dir });
    expect(raw).toEqual({
      write: 'refused',
      spawn: 'refused',
      read: 'refused',
      fetch: 'refused',
      socket: 'refused',
    });
    expect(existsSync(canary)).toBe(false);
  });

  it('stops a module that never resolves at the deadline with one line', async () => {
    const dir = project({
      'empathy.config.mjs': 'export default new Promise(() => { setInterval(() => {}, 1000); });',
    });
    // The module never resolves: without the deadline this test would time out.
    const error = await evaluateConfigModule(path.join(dir, 'empathy.config.mjs'), {
      root: dir,
      timeoutMs: 1000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe('empathy.config.mjs did not finish within 1 s');
  });

  it('reports a throwing module and a missing default export in one line', async () => {
    const dir = project({
      'a.mjs': 'throw new Error("boom\\nsecond line");',
      'b.mjs': 'export const x = 1;',
    });
    await expect(evaluateConfigModule(path.join(dir, 'a.mjs'), { root: dir })).rejects.toThrow(
      /^a\.mjs: cannot load \(boom\)$/,
    );
    await expect(evaluateConfigModule(path.join(dir, 'b.mjs'), { root: dir })).rejects.toThrow(
      'b.mjs: must have a default export',
    );
  });
});
