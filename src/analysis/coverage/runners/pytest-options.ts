/**
 * Which pytest options (from `addopts` or a tox command) the environment cannot honour, and
 * removing them with a note: a plugin's flags when the plugin is not installed, and the options
 * that fight the coverage run itself (pytest-cov's, which would measure a second time, and
 * xdist's and pytest-forked's, whose worker processes `coverage run` does not follow).
 *
 * @module
 */
import type { InstalledPlugin } from './python-probe.js';

interface PluginOptions {
  /** Distribution names (normalised) that provide the options. */
  dists: string[];
  /** Options followed by a value (`--opt value` or `--opt=value`). */
  valued: string[];
  /** Options without a value. */
  flags: string[];
  /** Option prefixes of the plugin (`--benchmark-`): `--x=v` or a flag. */
  prefixes?: string[];
  /** Options whose value is optional: only a following word not starting with `-` that names no path is not taken. */
  optional?: string[];
  /** Why the options are removed even when the plugin is installed. */
  always?: string;
}

/** Options of common pytest plugins. */
export const PLUGIN_OPTIONS: Record<string, PluginOptions> = {
  'pytest-cov': {
    dists: ['pytest-cov'],
    valued: ['--cov-report', '--cov-config', '--cov-fail-under', '--cov-context', '--cov-precision'],
    flags: ['--no-cov-on-fail', '--no-cov', '--cov-append', '--cov-branch', '--cov-reset'],
    optional: ['--cov'],
    always: 'coverage is measured by coverage.py running pytest',
  },
  'pytest-xdist': {
    dists: ['pytest-xdist'],
    valued: ['-n', '--numprocesses', '--maxprocesses', '--dist', '--tx', '--rsyncdir', '--rsyncignore', '--max-worker-restart', '--maxschedchunk'],
    flags: ['-f', '--looponfail', '--boxed', '-d', '--distload'],
    always: 'coverage.py running pytest measures one process, not xdist workers',
  },
  'pytest-forked': { dists: ['pytest-forked'], valued: [], flags: ['--forked'], always: 'coverage.py running pytest does not follow forked tests' },
  'pytest-timeout': { dists: ['pytest-timeout'], valued: ['--timeout', '--timeout-method', '--timeout_method', '--session-timeout'], flags: ['--timeout-disable-debugger-detection'] },
  'pytest-benchmark': { dists: ['pytest-benchmark'], valued: [], flags: [], prefixes: ['--benchmark-'] },
  'pytest-randomly': { dists: ['pytest-randomly'], valued: ['--randomly-seed'], flags: ['--randomly-dont-reset-seed', '--randomly-dont-reorganize'] },
  'pytest-rerunfailures': { dists: ['pytest-rerunfailures'], valued: ['--reruns', '--reruns-delay', '--only-rerun', '--rerun-except'], flags: [] },
  'pytest-asyncio': { dists: ['pytest-asyncio'], valued: ['--asyncio-mode'], flags: [] },
  'pytest-html': { dists: ['pytest-html'], valued: ['--html', '--css'], flags: ['--self-contained-html'] },
  'pytest-socket': { dists: ['pytest-socket'], valued: ['--allow-hosts'], flags: ['--disable-socket', '--allow-unix-socket', '--force-enable-socket'] },
  'pytest-doctestplus': { dists: ['pytest-doctestplus'], valued: ['--text-file-format'], flags: ['--doctest-plus', '--doctest-rst', '--doctest-only', '--doctest-ufunc'] },
  'pytest-remotedata': { dists: ['pytest-remotedata'], valued: [], flags: [], optional: ['--remote-data'] },
  hypothesis: { dists: ['hypothesis'], valued: ['--hypothesis-profile', '--hypothesis-seed', '--hypothesis-verbosity'], flags: ['--hypothesis-show-statistics', '--hypothesis-explain'] },
  'pytest-django': { dists: ['pytest-django'], valued: ['--ds', '--dc'], flags: ['--reuse-db', '--create-db', '--nomigrations', '--migrations'] },
  'pytest-json-report': { dists: ['pytest-json-report'], valued: ['--json-report-file'], flags: ['--json-report'] },
  'pytest-instafail': { dists: ['pytest-instafail'], valued: [], flags: ['--instafail'] },
  'pytest-mypy': { dists: ['pytest-mypy'], valued: [], flags: ['--mypy', '--mypy-ignore-missing-imports'] },
  'pytest-flake8': { dists: ['pytest-flake8'], valued: [], flags: ['--flake8'] },
  'pytest-black': { dists: ['pytest-black'], valued: [], flags: ['--black'] },
  'pytest-isort': { dists: ['pytest-isort'], valued: [], flags: ['--isort'] },
  'pytest-pylint': { dists: ['pytest-pylint'], valued: [], flags: ['--pylint'] },
  'pytest-ruff': { dists: ['pytest-ruff'], valued: [], flags: ['--ruff', '--ruff-format'] },
  'pytest-mccabe': { dists: ['pytest-mccabe'], valued: [], flags: ['--mccabe'] },
  'pytest-pycodestyle': { dists: ['pytest-pycodestyle'], valued: [], flags: ['--pycodestyle'] },
  'pytest-memray': { dists: ['pytest-memray'], valued: [], flags: ['--memray'] },
  'pytest-codspeed': { dists: ['pytest-codspeed'], valued: [], flags: ['--codspeed'] },
  'pytest-mpl': { dists: ['pytest-mpl'], valued: ['--mpl-baseline-path', '--mpl-generate-path'], flags: ['--mpl'] },
};

/** What filtering removed, for the report. */
export interface RemovedOptions {
  /** The plugin (`pytest-cov`), or `pytest -p` for an unimportable `-p` module. */
  plugin: string;
  words: string[];
  reason: string;
}

function matches(word: string, option: string): boolean {
  return word === option || word.startsWith(`${option}=`) || (/^-[a-zA-Z]$/.test(option) && word.startsWith(option) && word.length > 2);
}

/** How many words `words[i]` takes when it is one of the plugin's options (0 when it is not). */
function span(words: readonly string[], i: number, options: PluginOptions): number {
  const word = words[i]!;
  const next = words[i + 1];
  const takesNext = next !== undefined && !next.startsWith('-');
  for (const option of options.valued) if (matches(word, option)) return word === option && next !== undefined ? 2 : 1;
  for (const option of options.optional ?? []) if (matches(word, option)) return word === option && takesNext && !/[/.]/.test(next) ? 2 : 1;
  for (const option of options.flags) if (word === option) return 1;
  for (const prefix of options.prefixes ?? []) if (word.startsWith(prefix)) return 1;
  return 0;
}

/** Plugins whose entry points are installed, by distribution. */
function installedDists(plugins: readonly InstalledPlugin[]): Set<string> {
  return new Set(plugins.map((p) => p.dist));
}

/**
 * Removes the options the environment cannot honour from `words` (pytest arguments): options of
 * plugins that are not installed, the always-neutralised ones (see {@link PLUGIN_OPTIONS}),
 * and `-p <module>` when the module can be imported neither from the interpreter nor from the
 * root (`isLocalModule`).
 *
 * @example
 * filterPytestOptions(['--cov=pkg', '-ra'], [], {}, () => false).kept; // ['-ra']
 */
export function filterPytestOptions(
  words: readonly string[],
  plugins: readonly InstalledPlugin[],
  importable: Readonly<Record<string, boolean>>,
  isLocalModule: (module: string) => boolean,
): { kept: string[]; removed: RemovedOptions[] } {
  const installed = installedDists(plugins);
  const entryNames = new Set(plugins.flatMap((p) => [p.name, p.module]));
  const kept: string[] = [];
  const removed = new Map<string, RemovedOptions>();
  const drop = (plugin: string, reason: string, taken: string[]) => {
    const entry = removed.get(plugin) ?? { plugin, words: [], reason };
    entry.words.push(taken.join(' '));
    removed.set(plugin, entry);
  };
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    const pModule = word === '-p' ? words[i + 1] : /^-p[^-]/.test(word) ? word.slice(2) : undefined;
    if (pModule !== undefined && !pModule.startsWith('no:')) {
      const ok = importable[pModule] === true || entryNames.has(pModule) || isLocalModule(pModule);
      const taken = word === '-p' ? 2 : 1;
      if (!ok) {
        drop('pytest -p', 'the module cannot be imported here', words.slice(i, i + taken));
        i += taken - 1;
        continue;
      }
    }
    let consumed = 0;
    for (const [name, options] of Object.entries(PLUGIN_OPTIONS)) {
      const n = span(words, i, options);
      if (n === 0) continue;
      const present = options.dists.some((d) => installed.has(d));
      if (present && !options.always) break;
      drop(name, options.always && present ? options.always : `${name} is not installed${options.always ? ` (and ${options.always})` : ''}`, words.slice(i, i + n));
      consumed = n;
      break;
    }
    if (consumed > 0) {
      i += consumed - 1;
      continue;
    }
    kept.push(word);
  }
  return { kept, removed: [...removed.values()] };
}

/**
 * `-p no:<entry point>` for installed plugins whose options are always neutralised (pytest-cov,
 * xdist, pytest-forked), so they do not act on their ini settings either.
 */
export function blockedPlugins(plugins: readonly InstalledPlugin[]): string[] {
  const always = new Set(Object.values(PLUGIN_OPTIONS).filter((o) => o.always).flatMap((o) => o.dists));
  return plugins.filter((p) => always.has(p.dist) && !p.name.includes('looponfail')).flatMap((p) => ['-p', `no:${p.name}`]);
}

/** Quotes words so that `shlex.split` (how pytest reads `-o addopts=...`) gives them back. */
export function shlexJoin(words: readonly string[]): string {
  return words.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'"'"'`)}'`)).join(' ');
}

/** Words of a pytest "unrecognized arguments" usage error, or null. */
export function unrecognizedArguments(output: string): string[] | null {
  const m = /error: unrecognized arguments: (.+)/.exec(output);
  return m ? m[1]!.trim().split(/\s+/) : null;
}

/** Ini options of common plugins: set while the plugin is missing, pytest warns (an error under `filterwarnings = error`). */
const PLUGIN_INI: Record<string, string[]> = {
  'pytest-timeout': ['timeout', 'timeout_method', 'timeout_func_only', 'session_timeout'],
  'pytest-asyncio': ['asyncio_mode', 'asyncio_default_fixture_loop_scope', 'asyncio_default_test_loop_scope'],
  'pytest-django': ['django_settings_module', 'django_find_project', 'django_debug_mode'],
  'pytest-env': ['env'],
  'pytest-mock': ['mock_use_standalone_module', 'mock_traceback_monkeypatch'],
  'pytest-doctestplus': ['doctest_plus', 'doctest_rst', 'text_file_format', 'doctest_norecursedirs', 'doctest_subpackage_requires'],
  'pytest-rerunfailures': ['reruns', 'reruns_delay'],
  'pytest-xdist': ['looponfailroots', 'rsyncdirs', 'rsyncignore'],
  'pytest-remotedata': ['remote_data_strict'],
  'pytest-bdd': ['bdd_features_base_dir'],
};

/**
 * What to pass so pytest accepts a configuration whose plugins are missing: their ini options
 * set `-W ignore::pytest.PytestConfigWarning` (the warnings become errors under the project's
 * `filterwarnings = error`), and `required_plugins` naming them is emptied; `--strict-config`
 * must then go from addopts too (the caller removes it).
 */
export function missingPluginSettings(
  keys: readonly string[],
  requiredPlugins: readonly string[],
  plugins: readonly InstalledPlugin[],
): { args: string[]; removed: RemovedOptions[]; dropStrictConfig: boolean } {
  const installed = installedDists(plugins);
  const unhonoured = Object.entries(PLUGIN_INI)
    .filter(([dist]) => !installed.has(dist))
    .map(([dist, names]) => [dist, names.filter((n) => keys.includes(n))] as const)
    .filter(([, names]) => names.length > 0);
  const required = requiredPlugins.filter((r) => !installed.has(r.split(/[<>=!~ ]/)[0]!.toLowerCase().replace(/_/g, '-')));
  const args: string[] = [];
  const removed: RemovedOptions[] = [];
  if (unhonoured.length > 0) {
    args.push('-W', 'ignore::pytest.PytestConfigWarning');
    removed.push(...unhonoured.map(([dist, names]) => ({ plugin: dist, words: names.map((n) => `ini ${n}`), reason: `${dist} is not installed` })));
  }
  if (required.length > 0) {
    args.push('-o', 'required_plugins=');
    removed.push({ plugin: 'pytest', words: [`required_plugins ${required.join(' ')}`], reason: 'not installed here' });
  }
  return { args, removed, dropStrictConfig: unhonoured.length > 0 };
}
