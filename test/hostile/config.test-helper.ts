/**
 * Helpers of the hostile-configuration tests (config-*.test.ts): hostile repositories built in
 * a temporary directory at test time, a user config directory of the test's own (the real home
 * is never read: the CLI runs in-process with an explicit environment), and a run of the CLI's
 * `main` that returns the exit code and both outputs.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/index.js';
import { recordingIO } from '../../src/cli/test-io.test-helper.js';

/** A placeholder key: it must never reach a host the user did not choose. Not a real secret. */
export const PLACEHOLDER_KEY = 'test-placeholder-key-not-a-secret-7f3a';

const dirs: string[] = [];

/** A fresh temporary directory, removed by {@link cleanUp}. */
export function tempDir(prefix = 'empathy-hostile-config-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** Removes every directory made by {@link tempDir}. */
export function cleanUp(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes `files` (name -> text, or JSON for objects) under `dir`; returns `dir`. */
export function writeFiles(dir: string, files: Record<string, unknown>): string {
  for (const [name, value] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  }
  return dir;
}

/** A small repository: one documented module, a package.json, plus `files`. */
export function hostileRepo(files: Record<string, unknown> = {}): string {
  const root = path.join(tempDir(), 'repo');
  mkdirSync(root);
  return writeFiles(root, {
    'package.json': { name: 'hostile', version: '1.0.0', type: 'module' },
    'src/index.js': '/** Adds two numbers. */\nexport function add(a, b) {\n  return a + b;\n}\n',
    ...files,
  });
}

/** An executable shell script that creates `canary` when run. */
export function canaryScript(dir: string, name: string, canary: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\ntouch '${canary}'\necho '{}'\n`);
  chmodSync(file, 0o755);
  return file;
}

/** What a CLI run gave. */
export interface Run {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs `empathy ...argv` in-process in `cwd` with exactly `env` (plus PATH), so the user
 * config is the one under `env.EMPATHY_CONFIG_DIR` (or none).
 */
export async function runEmpathy(
  argv: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<Run> {
  const io = recordingIO(cwd, { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env } });
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

/** The parts of the JSON release report these tests read. */
export interface ReportJson {
  approved: boolean;
  confidence_reasons: string[];
  summary: string;
  blockers: string[];
  model: unknown;
  quality_gates: Array<{ name: string; threshold: number; threshold_source: string }>;
  configuration: {
    files: {
      repository: string | null;
      policy: string | null;
      user: string | null;
      repository_ignored: boolean;
    };
    agents_source: string;
    ignored_settings: Array<{ key: string; reason: string; source: string }>;
    disabled_gates: Array<{ name: string; critical: boolean; source: string; message: string }>;
  };
}

/** Parses a `--json` release report. */
export function parseReport(text: string): ReportJson {
  return JSON.parse(text) as ReportJson;
}
