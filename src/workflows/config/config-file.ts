/**
 * The project configuration file: `empathy.config.json`, `empathy.config.mjs`,
 * `empathy.config.js`, `empathy.config.cjs` or the `empathy` key of `package.json` (the first
 * found, in that order, in the project root, then in each parent up to the repository root). It holds quality gates, excludes, agents,
 * tiers and per-agent timeouts; command-line flags override it. Unknown keys and wrong types
 * are named in a one-line {@link UserError}. A module is evaluated in a contained child
 * process (config-module.ts). What of it is honoured is decided by trust.ts: the repository
 * may not set the provider, commands or paths outside itself.
 *
 * @example
 * // empathy.config.json
 * {
 *   "qualityGates": { "min_coverage": 85, "min_doc_coverage": 90 },
 *   "exclude": ["test/fixtures/**"],
 *   "agents": ["security_auditor", "test_coverage_analyzer", "code_reviewer", "documentation_writer"],
 *   "tiers": { "code_reviewer": "PREMIUM" },
 *   "agentTimeouts": { "test_coverage_analyzer": 600 },
 *   "analyzers": { "coverage": { "timeoutSeconds": 300 } }
 * }
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { UserError, errorMessage } from '../../errors.js';
import { providerConfigSchema } from '../../providers/settings.js';
import { evaluateConfigModule } from './config-module.js';

const tier = z.enum(['CHEAP', 'CAPABLE', 'PREMIUM']);
const positive = z.number().positive();

/** The schema of the configuration (strict: unknown keys are errors). */
export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  qualityGates: z.record(z.string(), z.number()).optional(),
  include: z.array(z.string()).optional(),
  exclude: z.array(z.string()).optional(),
  agents: z.array(z.string().min(1)).min(1).optional(),
  tiers: z.record(z.string(), tier).optional(),
  timeoutSeconds: positive.optional(),
  agentTimeouts: z.record(z.string(), positive).optional(),
  cache: z.boolean().optional(),
  learn: z.boolean().optional(),
  analyzers: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  provider: providerConfigSchema.optional(),
  /** The work queue, `redis://HOST:PORT[/DB]` or `redis+unix:///path` (user config only). */
  queue: z.string().min(1).optional(),
  /** Extra variables passed to, or removed from, the project code's environment (user config only). */
  env: z
    .strictObject({
      keep: z.array(z.string().min(1)).optional(),
      drop: z.array(z.string().min(1)).optional(),
    })
    .optional(),
});

/** A validated configuration. */
export type EmpathyConfig = z.infer<typeof configSchema>;

/** A loaded configuration and where it came from (`null` file when there is none). */
export interface LoadedConfig {
  config: EmpathyConfig;
  file: string | null;
}

/** File names looked for, in order. */
export const CONFIG_FILES: readonly string[] = [
  'empathy.config.json',
  'empathy.config.mjs',
  'empathy.config.js',
  'empathy.config.cjs',
];

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Environment a configuration module's scrubbed environment is built from (default `process.env`). */
  env?: Record<string, string | undefined>;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.join('.') : '(root)';
  if (issue.code === 'unrecognized_keys')
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${[...issue.path, k].join('.')}"`).join(', ')}`;
  return `${where}: ${issue.message}`;
}

/** Validates a raw configuration object; `source` names the file in errors. */
export function parseConfig(raw: unknown, source: string): EmpathyConfig {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(describeIssue);
    throw new UserError(
      `${source}: ${issues.join('; ')} (known keys: ${Object.keys(configSchema.shape)
        .filter((k) => k !== '$schema')
        .join(', ')})`,
    );
  }
  return parsed.data;
}

/** Reads a JSON file; `label` names it in the one-line {@link UserError} when it is not valid JSON. */
export function readJsonFile(file: string, label = path.basename(file)): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(`${label}: cannot read (${errorMessage(error).split('\n')[0]})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UserError(`${label}: not valid JSON (${errorMessage(error).split('\n')[0]})`);
  }
}

/** A config module is evaluated in a contained child process (see config-module.ts), never imported. */
async function readFileConfig(file: string, root: string, options: LoadConfigOptions): Promise<unknown> {
  if (file.endsWith('.json')) return readJsonFile(file);
  return evaluateConfigModule(file, { root, ...(options.env ? { env: options.env } : {}) });
}

/**
 * The directories searched for a configuration, nearest first: `root`, then each parent up to
 * the repository root (the nearest directory holding `.git`). Outside a git repository only
 * `root` itself is searched, so a file planted in a shared parent such as /tmp is never read.
 *
 * @example
 * configSearchDirs('/repo/packages/app'); // ['/repo/packages/app', '/repo/packages', '/repo'] when /repo/.git exists
 */
export function configSearchDirs(root: string): string[] {
  const dirs: string[] = [];
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    dirs.push(dir);
    if (existsSync(path.join(dir, '.git'))) return dirs;
    if (path.dirname(dir) === dir) return [path.resolve(root)];
  }
}

/** The `empathy` key of `dir/package.json`, or undefined (no file, no key, or not JSON). */
function packageJsonConfig(dir: string): { raw: unknown; file: string } | undefined {
  const file = path.join(dir, 'package.json');
  if (!existsSync(file)) return undefined;
  let pkg: unknown;
  try {
    pkg = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined; // a broken package.json is the analysers' finding, not a config error
  }
  return pkg && typeof pkg === 'object' && 'empathy' in pkg
    ? { raw: (pkg as { empathy: unknown }).empathy, file }
    : undefined;
}

/**
 * Loads the configuration of the project at `root`, or `{}` when there is none: the first
 * `empathy.config.json`, `.mjs`, `.js`, `.cjs` or `package.json` "empathy" key found in `root`
 * or a parent up to the repository root ({@link configSearchDirs}). An explicit `file` (from
 * `--config`) must exist. A module runs contained (config-module.ts), never in this process.
 */
export async function loadConfig(
  root: string,
  file?: string,
  options: LoadConfigOptions = {},
): Promise<LoadedConfig> {
  if (file !== undefined) {
    const resolved = path.resolve(root, file);
    if (!existsSync(resolved)) throw new UserError(`--config ${file}: no such file`);
    return {
      config: parseConfig(await readFileConfig(resolved, root, options), path.basename(resolved)),
      file: resolved,
    };
  }
  for (const dir of configSearchDirs(root)) {
    const label = (name: string) => path.relative(root, path.join(dir, name)) || name;
    for (const name of CONFIG_FILES) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate))
        return {
          config: parseConfig(await readFileConfig(candidate, root, options), label(name)),
          file: candidate,
        };
    }
    const pkg = packageJsonConfig(dir);
    if (pkg) return { config: parseConfig(pkg.raw, `${label('package.json')} "empathy"`), file: pkg.file };
  }
  return { config: {}, file: null };
}
