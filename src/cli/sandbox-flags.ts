/**
 * The containment options every command that runs project code takes: `--sandbox
 * auto|require|off` (or `EMPATHY_SANDBOX`), `--keep-env NAME,...` and `--drop-env NAME,...`.
 * Only the user decides these: a repository's configuration cannot.
 *
 * @module
 */
import { UserError } from '../errors.js';
import { configureSandbox, probeBubblewrap, SANDBOX_MODES, type SandboxMode, type SandboxPolicy } from '../core/sandbox/index.js';
import { parseList } from './args.js';

/** Option definitions to spread into a command's `parseArgs` options. */
export const SANDBOX_OPTIONS = {
  sandbox: { type: 'string' },
  'keep-env': { type: 'string', multiple: true },
  'drop-env': { type: 'string', multiple: true },
} as const;

/** Help lines for {@link SANDBOX_OPTIONS}. */
export const SANDBOX_HELP = `  --sandbox MODE           How the project's code (its tests, explored functions, the benchmark) is
                           contained: auto (default: bubblewrap when it works, else only a scrubbed
                           environment), require (refuse to run it without bubblewrap), off (a
                           config module always runs under Node's permission model)
  --keep-env NAME,...      Pass these environment variables to the project's code (default: a
                           short allow-list; credentials never pass unless named exactly here)
  --drop-env NAME,...      Withhold these too
`;

function listOf(value: unknown): string[] {
  if (value === undefined) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item) => parseList(String(item)));
}

/**
 * Reads the containment options (flags over `EMPATHY_SANDBOX`), sets them as the process-wide
 * policy and, with `require`, checks now that bubblewrap works (a usage error otherwise, before
 * anything runs).
 *
 * @throws UserError on an unknown mode, or `require` without a working bubblewrap.
 */
export async function applySandboxFlags(values: Record<string, unknown>, env: Record<string, string | undefined> = process.env): Promise<SandboxPolicy> {
  const raw = (values['sandbox'] as string | undefined) ?? env['EMPATHY_SANDBOX'] ?? 'auto';
  if (!(SANDBOX_MODES as readonly string[]).includes(raw)) {
    throw new UserError(`--sandbox must be one of ${SANDBOX_MODES.join(', ')}, got "${raw}"`);
  }
  const mode = raw as SandboxMode;
  if (mode === 'require') {
    const probe = await probeBubblewrap();
    if (!probe.path) throw new UserError(`--sandbox require: ${probe.problem ?? 'bubblewrap is unavailable'}`);
  }
  const policy: SandboxPolicy = { mode, env: { keep: listOf(values['keep-env']), drop: listOf(values['drop-env']) } };
  configureSandbox(policy);
  return policy;
}
