/**
 * The scrubbed environment of every child process that runs project code (tests, config
 * modules, explored functions, benchmark commands). It is built from an allow-list: only
 * variables a build or test tool needs to find itself pass (PATH, locale, terminal, the
 * interpreter managers' roots), never credentials. `HOME` and `TMPDIR` point at the run's
 * scratch directory. `--keep-env NAME` passes more; `--drop-env NAME` removes an allowed one.
 *
 * @module
 */
import picomatch from 'picomatch';

/** Variables passed to project code by default (exact names or globs, case-sensitive). */
export const ALLOWED_ENV: readonly string[] = [
  'PATH',
  'LANG',
  'LANGUAGE',
  'LC_*',
  'TZ',
  'TERM',
  'COLORTERM',
  'NO_COLOR',
  'SHELL',
  'USER',
  'LOGNAME',
  'NODE_ENV',
  'PYENV_ROOT',
  'PYENV_VERSION',
  'VIRTUAL_ENV',
  'CONDA_PREFIX',
  'CONDA_DEFAULT_ENV',
  'NVM_DIR',
  'NVM_BIN',
  'VOLTA_HOME',
  'JAVA_HOME',
];

/**
 * Names that hold credentials. They are removed even when `--keep-env` matches them through
 * a glob; only an exact `--keep-env NAME` passes one.
 */
const CREDENTIAL = /(^|_)(API_?KEY|KEY|TOKEN|SECRET|SECRETS|PASSWORD|PASSWD|PASS|PWD_?HASH|CREDENTIALS?|AUTH|AUTH_?TOKEN|PRIVATE|SESSION|COOKIE|DSN)(_|$)|^(AWS|AZURE|GCP|GOOGLE|GITHUB|GH|GITLAB|NPM|NODE_AUTH|OPENAI|ANTHROPIC|HF|HUGGING_?FACE|SSH|GPG|DOCKER|KUBE|VAULT|SENTRY|STRIPE|SLACK|TWILIO|HEROKU|DATABASE|DB|REDIS|MONGO|POSTGRES|PG|MYSQL)_|^npm_config_|_URL$|_URI$/i;

/** Whether a variable name looks like it holds a credential (or a connection string with one). */
export function isCredentialName(name: string): boolean {
  return CREDENTIAL.test(name) || name === 'PWD_HASH';
}

/** Which extra variables to pass or drop (from `--keep-env` / `--drop-env`, names or globs). */
export interface EnvPolicy {
  keep?: readonly string[];
  drop?: readonly string[];
}

/** The environment of a contained run, and what was left out of it. */
export interface ScrubbedEnv {
  env: Record<string, string>;
  /** Names of the parent's variables that were not passed (sorted). */
  removed: string[];
}

function matcher(patterns: readonly string[]): (name: string) => boolean {
  if (patterns.length === 0) return () => false;
  const match = picomatch([...patterns], { dot: true });
  return (name) => match(name);
}

/**
 * Builds the environment of a child that runs project code: the allowed variables of
 * `source`, plus `policy.keep`, minus `policy.drop` and credentials, with `HOME` and `TMPDIR`
 * (and `TMP`, `TEMP`) set to `scratch`, then `extra` on top (the caller's own settings such as
 * `NODE_V8_COVERAGE`; `undefined` removes a name).
 *
 * @example
 * const { env, removed } = scrubEnv(process.env, { scratch: '/tmp/empathy-run-x/home' });
 * env.OPENAI_API_KEY; // undefined
 */
export function scrubEnv(
  source: Record<string, string | undefined>,
  options: { scratch: string; policy?: EnvPolicy; extra?: Record<string, string | undefined> },
): ScrubbedEnv {
  const allowed = matcher(ALLOWED_ENV);
  const keepExact = new Set(options.policy?.keep ?? []);
  const keepGlob = matcher(options.policy?.keep ?? []);
  const dropped = matcher(options.policy?.drop ?? []);
  const env: Record<string, string> = {};
  const removed: string[] = [];
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined) continue;
    const pass =
      !dropped(name) &&
      (keepExact.has(name) || ((allowed(name) || keepGlob(name)) && !isCredentialName(name)));
    if (pass) env[name] = value;
    else removed.push(name);
  }
  for (const name of ['HOME', 'TMPDIR', 'TMP', 'TEMP']) env[name] = options.scratch;
  env['CI'] = 'true';
  for (const [name, value] of Object.entries(options.extra ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return { env, removed: removed.filter((n) => !(n in env)).sort() };
}
