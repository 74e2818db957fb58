/**
 * Hard-coded secrets: secretlint 11 (`@secretlint/node`) with the recommended preset over
 * every text file of the project index, code or not (`.env`, YAML, JSON, ...). Every
 * finding is critical. The preset runs with its defaults plus the AWS access key id scan
 * (`enableIDScanRule`), so a committed `AKIA...` id is reported too; secret values are
 * masked in messages. Files outside the index (build output, vendored code, large files, ...)
 * are scanned too, by secret-coverage.ts.
 *
 * @module
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { cachedPerFile } from '../../project/cached-analysis.js';
import type { ProjectFile, ProjectIndex } from '../../project/types.js';
import type { Finding } from '../types.js';
import { classifyCredentials } from './credentials.js';
import { SECRET_SEVERITY } from './severity-table.js';

const PRESET = '@secretlint/secretlint-rule-preset-recommend';

/** The secretlint configuration we use (never the user's `.secretlintrc`). */
export const SECRETLINT_CONFIG = {
  rules: [
    {
      id: PRESET,
      rules: [{ id: '@secretlint/secretlint-rule-aws', options: { enableIDScanRule: true } }],
    },
  ],
};

/**
 * secretlint's built-in profiler (the singleton `@secretlint/core` reports to) records a
 * performance mark per rule per file and, at each end mark, searches every mark recorded so
 * far: quadratic in the number of files, and the marks are never freed. On a 426-file corpus
 * it took 3.3 s of the main thread, more than the rules themselves. Only secretlint's own
 * `--profile` output reads it, which we never use, so marking is switched off.
 */
async function switchOffSecretlintProfiler(): Promise<void> {
  const { secretLintProfiler } = await import('@secretlint/profiler');
  secretLintProfiler.mark = () => undefined;
}

/** What {@link scanSecrets} returns. */
export interface SecretScan {
  findings: Finding[];
  filesScanned: number;
  /** Files secretlint could not scan, with the reason. */
  failures: { file: string; reason: string }[];
  version: string;
}

/** One secretlint message (the JSON formatter's shape). */
export interface SecretlintMessage {
  ruleId: string;
  message: string;
  loc: { start: { line: number; column: number } };
}

/** A secretlint engine with our configuration: the messages of one text (`filePath` picks the rules, it is not read). */
export interface SecretEngine {
  lint(content: string, filePath: string): Promise<SecretlintMessage[]>;
}

/**
 * {@link SECRETLINT_CONFIG} loaded the way `@secretlint/config-loader` loads it (the preset's
 * rule creator with our options for its rules), without the loader's JSON-schema validation
 * (ajv) of a configuration that never changes. secrets.test.ts checks it against the loader.
 */
export async function loadedSecretlintConfig(): Promise<{ sharedOptions: undefined; rules: unknown[] }> {
  const preset = (await import(PRESET)) as { creator: unknown };
  const [descriptor] = SECRETLINT_CONFIG.rules;
  return {
    sharedOptions: undefined,
    rules: [
      {
        id: descriptor!.id,
        rule: preset.creator,
        rules: descriptor!.rules.map((rule) => ({ ...rule, type: 'rule' })),
        options: undefined,
        disabled: undefined,
      },
    ],
  };
}

/**
 * Loads secretlint's core (first use only) and creates an engine with {@link SECRETLINT_CONFIG}:
 * what `@secretlint/node`'s engine with the JSON formatter does for a text, without loading its
 * configuration validator and text formatters (about 0.25 s of CPU).
 *
 * @example
 * const engine = await createSecretEngine('/abs/repo');
 */
export async function createSecretEngine(_cwd: string): Promise<SecretEngine> {
  // Loaded here, not at the top: a run whose security result comes from the cache never loads secretlint.
  await switchOffSecretlintProfiler();
  const { lintSource } = await import('@secretlint/core');
  const config = await loadedSecretlintConfig();
  return {
    async lint(content, filePath) {
      const result = await lintSource({
        source: { filePath, content, ext: path.extname(filePath), contentType: 'text' },
        options: { maskSecrets: true, config: config as Parameters<typeof lintSource>[0]['options']['config'] },
      });
      // Plain data, as the JSON formatter gives it.
      return (JSON.parse(JSON.stringify(result.messages)) as SecretlintMessage[]);
    },
  };
}

/**
 * The secretlint messages of one text (`filePath` only helps secretlint pick its rules; the
 * file is not read).
 *
 * @example
 * const messages = await secretMessages(engine, text, '/abs/repo/config.yml');
 */
export async function secretMessages(
  engine: SecretEngine,
  content: string,
  filePath: string,
): Promise<SecretlintMessage[]> {
  return engine.lint(content, filePath);
}

/** secretlint's rule id `@secretlint/secretlint-rule-github` -> our `secretlint/github`. */
export function secretRuleId(ruleId: string): string {
  return `secretlint/${ruleId.replace(/^@secretlint\/secretlint-rule-/, '')}`;
}

/** The installed @secretlint/node version. */
export function secretlintVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('@secretlint/node/package.json') as { version: string }).version;
}

/**
 * Scans `files` (default: every file of the index) for hard-coded secrets.
 *
 * @example
 * const scan = await scanSecrets(index);
 * scan.findings.every((f) => f.severity === 'critical'); // true
 */
export async function scanSecrets(
  index: ProjectIndex,
  files: ProjectFile[] = index.files,
): Promise<SecretScan> {
  const version = secretlintVersion();
  const { values } = await cachedPerFile<FileSecrets>(
    index,
    { analyzer: 'secrets-file', version: SECRETS_FILE_VERSION, options: { secretlint: version, config: SECRETLINT_CONFIG } },
    files,
    async (missing) => {
      const engine = await createSecretEngine(index.root);
      const out = new Map<string, FileSecrets>();
      for (const file of missing) out.set(file.path, await fileSecrets(engine, index, file));
      return out;
    },
    { store: (result) => result.failure === undefined },
  );
  const scan: SecretScan = { findings: [], filesScanned: 0, failures: [], version };
  values.forEach((result, i) => {
    if (result.failure !== undefined) scan.failures.push({ file: files[i]!.path, reason: result.failure });
    else {
      scan.filesScanned += 1;
      scan.findings.push(...result.findings);
    }
  });
  return scan;
}

/** Bump when what a file's scan returns can change for the same text (our classification of credentials). */
const SECRETS_FILE_VERSION = '1';

/** The secrets of one file, or why it could not be scanned. */
interface FileSecrets {
  findings: Finding[];
  failure?: string;
}

async function fileSecrets(engine: SecretEngine, index: ProjectIndex, file: ProjectFile): Promise<FileSecrets> {
  try {
    const content = await index.read(file.path);
    const messages = await secretMessages(engine, content, file.absolutePath);
    const found: Finding[] = messages.map((message) => ({
      file: file.path,
      line: message.loc.start.line,
      column: message.loc.start.column + 1,
      rule: secretRuleId(message.ruleId),
      severity: SECRET_SEVERITY,
      message: message.message,
      tool: 'secretlint',
    }));
    return { findings: classifyCredentials(found, content) };
  } catch (error) {
    return { findings: [], failure: error instanceof Error ? error.message : String(error) };
  }
}
