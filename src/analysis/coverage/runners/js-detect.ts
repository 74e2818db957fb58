/**
 * Detects how a JavaScript/TypeScript project runs its tests, from its package.json.
 *
 * @module
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { NotMeasured } from '../../types.js';

/** The runners the coverage analyser knows. `script` = any other test script, run under V8 coverage. */
export type JsRunnerKind = 'vitest' | 'jest' | 'mocha' | 'node:test' | 'script';

/** A detected runner. */
export interface JsRunnerChoice {
  kind: JsRunnerKind;
  /** Extra arguments from the test script (node:test paths), already checked to be plain words. */
  args: string[];
  /** The `scripts.test` text, when any. */
  testScript: string | null;
}

interface PackageJson {
  scripts?: Record<string, unknown>;
  dependencies?: Record<string, unknown>;
  devDependencies?: Record<string, unknown>;
}

const SHELL_META = /[|&;<>$`\\"'(){}*?]/;
const NODE_20_REJECTS = new Set(['--experimental-test-isolation']);

/** The arguments after `node --test` in a test script, or null when the script is not that simple. */
export function nodeTestArgs(script: string): string[] | null {
  const words = script.trim().split(/\s+/);
  if (words[0] !== 'node' || SHELL_META.test(script)) return null;
  const at = words.findIndex((w) => w === '--test');
  if (at < 0) return null;
  return words.slice(1).filter((w, i) => i + 1 !== at && !NODE_20_REJECTS.has(w.split('=')[0]!) && !w.startsWith('--test-reporter'));
}

/**
 * Picks the runner: vitest, jest or mocha when the package depends on it or its test script
 * names it; node:test when the test script is `node --test ...`; any other test script is run
 * with `npm test` under V8 coverage. Dependencies declared but no `node_modules` -> not measured.
 *
 * @example
 * const choice = await detectJsRunner('/repo'); // { kind: 'vitest', args: [], testScript: 'vitest run' }
 */
export async function detectJsRunner(root: string): Promise<JsRunnerChoice | { notMeasured: NotMeasured }> {
  let pkg: PackageJson = {};
  const pkgPath = path.join(root, 'package.json');
  if (existsSync(pkgPath)) {
    try {
      pkg = JSON.parse(await fs.readFile(pkgPath, 'utf8')) as PackageJson;
    } catch {
      return {
        notMeasured: { what: 'coverage (JS/TS)', reason: 'package.json is not valid JSON', fix: 'fix package.json' },
      };
    }
  }
  const deps = { ...(pkg.dependencies ?? {}), ...(pkg.devDependencies ?? {}) };
  const script = typeof pkg.scripts?.['test'] === 'string' ? (pkg.scripts['test'] as string) : null;
  const names = (name: string) => name in deps || (script !== null && new RegExp(`(^|[\\s/])${name}(\\s|$)`).test(script));
  const kind: JsRunnerKind | null = names('vitest')
    ? 'vitest'
    : names('jest')
      ? 'jest'
      : names('mocha')
        ? 'mocha'
        : script !== null && nodeTestArgs(script) !== null
          ? 'node:test'
          : script !== null && !/no test specified/.test(script)
            ? 'script'
            : null;
  if (kind === null) {
    return {
      notMeasured: {
        what: 'coverage (JS/TS)',
        reason: 'no test runner found (no vitest, jest, mocha or test script in package.json)',
        fix: 'add a test script to package.json, or generate a coverage report (coverage/lcov.info)',
      },
    };
  }
  if (Object.keys(deps).length > 0 && !existsSync(path.join(root, 'node_modules'))) {
    return {
      notMeasured: { what: 'coverage (JS/TS)', reason: 'dependencies not installed', fix: 'run npm ci (or npm install) in the project' },
    };
  }
  return { kind, args: kind === 'node:test' && script ? nodeTestArgs(script)! : [], testScript: script };
}
