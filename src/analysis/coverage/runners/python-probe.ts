/**
 * Reads what a Python project configures for its test run, with the interpreter that will run
 * it: pytest's configuration (the file pytest itself would pick in the root), coverage.py's
 * `[run]` section, tox and nox test commands, and the pytest plugins installed in that
 * interpreter. The reading is done by a small Python program (`tomllib`/`tomli` for
 * `pyproject.toml`, `configparser` for the ini files, `ast` for `noxfile.py`, never importing the
 * project), run contained like everything else that touches the project.
 *
 * @module
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runContained } from '../../../core/sandbox/index.js';
import { ToolError } from '../../../errors.js';

/** pytest's configuration as found in the root. */
export interface PytestConfig {
  /** `pytest.ini`, `.pytest.ini`, `pyproject.toml`, `tox.ini` or `setup.cfg`. */
  file: string;
  /** The `args` options split as pytest splits them: `addopts`, `testpaths`, `python_files`, ... */
  args: Record<string, string[]>;
  /** Every option the section sets (lower case). */
  keys?: string[];
}

/** coverage.py's `[run]` settings that decide the measured file set. */
export interface CoverageRunConfig {
  /** The file coverage.py reads (`.coveragerc`, `setup.cfg`, `tox.ini`, `pyproject.toml`). */
  file: string;
  source: string[];
  sourcePkgs: string[];
  include: string[];
  omit: string[];
  parallel: boolean;
  plugins: string[];
}

/** A pytest plugin installed in the interpreter (entry point group `pytest11`). */
export interface InstalledPlugin {
  /** Entry point name (what `-p no:<name>` blocks). */
  name: string;
  /** The module it loads. */
  module: string;
  /** Distribution, normalised (`pytest-cov`). */
  dist: string;
}

/** What the probe read. */
export interface PythonProjectFacts {
  pytest: PytestConfig | null;
  coverage: CoverageRunConfig | null;
  /** tox (`[testenv*] commands`) and nox (`session.run(...)`) commands, each split into words, with where they come from. */
  commands: { from: string; words: string[] }[];
  plugins: InstalledPlugin[];
  /** Top-level modules named by `-p` in `addopts` -> importable from the interpreter's own path. */
  importable: Record<string, boolean>;
  /** Files the probe could not read, with the reason. */
  errors: string[];
  /**
   * The distribution's static name and version (pyproject.toml `[project]`, else setup.cfg
   * `[metadata]`), or null when either is dynamic or absent. Absent in facts from older callers.
   */
  project?: { name: string; version: string; file: string } | null;
}

/** The probe program: argv[1] is the project root; prints one JSON object. */
export const PROBE_SOURCE = String.raw`
import ast, configparser, importlib.util, json, os, shlex, sys
root = sys.argv[1]
out = {"pytest": None, "coverage": None, "commands": [], "plugins": [], "importable": {}, "errors": [], "project": None}
ARGS = ("addopts", "testpaths", "python_files", "doctest_glob", "norecursedirs", "python_classes", "python_functions", "required_plugins")
def ini(name):
    p = os.path.join(root, name)
    if not os.path.isfile(p): return None
    c = configparser.RawConfigParser(strict=False)
    try:
        with open(p, encoding="utf-8") as f: c.read_file(f)
    except Exception as e:
        out["errors"].append("%s: %s" % (name, str(e).splitlines()[0] if str(e) else type(e).__name__)); return None
    return c
def toml(name):
    p = os.path.join(root, name)
    if not os.path.isfile(p): return None
    try:
        import tomllib as t
    except ImportError:
        try: import tomli as t
        except ImportError:
            out["errors"].append(name + ": no TOML parser (tomllib/tomli) in this interpreter"); return None
    try:
        with open(p, "rb") as f: return t.load(f)
    except Exception as e:
        out["errors"].append("%s: %s" % (name, e)); return None
def args(v):
    if isinstance(v, list): return [str(x) for x in v]
    return shlex.split(str(v))
def lst(v):
    if isinstance(v, list): return [str(x).strip() for x in v if str(x).strip()]
    return [s.strip() for s in str(v).replace(",", "\n").splitlines() if s.strip()]
def pytest_values(file, values):
    out["pytest"] = {"file": file, "args": {k: args(values[k]) for k in ARGS if k in values}, "keys": sorted(str(k).lower() for k in values)}
pyproject = toml("pyproject.toml")
meta = (pyproject or {}).get("project") or {}
if isinstance(meta, dict) and isinstance(meta.get("name"), str) and isinstance(meta.get("version"), str) and "version" not in (meta.get("dynamic") or []):
    out["project"] = {"name": meta["name"], "version": meta["version"], "file": "pyproject.toml"}
elif not meta:
    cfg = ini("setup.cfg")
    if cfg is not None and cfg.has_option("metadata", "name") and cfg.has_option("metadata", "version"):
        name, version = cfg.get("metadata", "name").strip(), cfg.get("metadata", "version").strip()
        if name and version and ":" not in version: out["project"] = {"name": name, "version": version, "file": "setup.cfg"}
for name in ("pytest.ini", ".pytest.ini", "pyproject.toml", "tox.ini", "setup.cfg"):
    if name == "pyproject.toml":
        opts = ((pyproject or {}).get("tool") or {}).get("pytest", {}).get("ini_options")
        if isinstance(opts, dict): pytest_values(name, opts); break
        continue
    c = ini(name)
    if c is None: continue
    section = {"tox.ini": "pytest", "setup.cfg": "tool:pytest"}.get(name, "pytest")
    if c.has_section(section): pytest_values(name, dict(c.items(section))); break
    if name in ("pytest.ini", ".pytest.ini"): pytest_values(name, {}); break
def coverage_values(file, run):
    g = lambda k: lst(run.get(k, ""))
    b = lambda k: str(run.get(k, "")).strip().lower() in ("true", "1", "yes", "on")
    out["coverage"] = {"file": file, "source": g("source"), "sourcePkgs": g("source_pkgs"), "include": g("include"), "omit": g("omit"), "parallel": b("parallel"), "plugins": g("plugins")}
for name in (".coveragerc", "setup.cfg", "tox.ini", "pyproject.toml"):
    if name == "pyproject.toml":
        cov = ((pyproject or {}).get("tool") or {}).get("coverage")
        if isinstance(cov, dict): coverage_values(name, cov.get("run") or {}); break
        continue
    c = ini(name)
    if c is None: continue
    sections = [s for s in c.sections() if s.startswith("coverage:")]
    if name == ".coveragerc":
        run = c.items("run") if c.has_section("run") else c.items("coverage:run") if c.has_section("coverage:run") else []
        coverage_values(name, dict(run)); break
    if sections:
        coverage_values(name, dict(c.items("coverage:run")) if c.has_section("coverage:run") else {}); break
def tox_commands(c, file):
    for s in c.sections():
        if (s == "testenv" or s.startswith("testenv:")) and c.has_option(s, "commands"):
            for line in c.get(s, "commands").replace("\\\n", " ").splitlines():
                try: words = shlex.split(line)
                except ValueError: continue
                if words: out["commands"].append({"from": "%s [%s]" % (file, s), "words": words})
tox = ini("tox.ini")
if tox is not None: tox_commands(tox, "tox.ini")
legacy = ((pyproject or {}).get("tool") or {}).get("tox", {}).get("legacy_tox_ini")
if isinstance(legacy, str):
    c = configparser.RawConfigParser(strict=False)
    try: c.read_string(legacy); tox_commands(c, "pyproject.toml [tool.tox]")
    except Exception: pass
native = ((pyproject or {}).get("tool") or {}).get("tox", {})
for key, env in list(native.get("env", {}).items()) + [("env_run_base", native.get("env_run_base", {}))]:
    for cmd in (env or {}).get("commands", []) if isinstance(env, dict) else []:
        words = [w for w in cmd if isinstance(w, str)] if isinstance(cmd, list) else []
        if words: out["commands"].append({"from": "pyproject.toml [tool.tox.%s]" % key, "words": words})
nox = os.path.join(root, "noxfile.py")
if os.path.isfile(nox):
    try:
        with open(nox, encoding="utf-8") as f: tree = ast.parse(f.read())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "run":
                words = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                if words: out["commands"].append({"from": "noxfile.py", "words": words})
    except Exception as e:
        out["errors"].append("noxfile.py: %s" % e)
try:
    from importlib import metadata
    for d in metadata.distributions():
        for ep in d.entry_points:
            if ep.group == "pytest11":
                out["plugins"].append({"name": ep.name, "module": ep.value.split(":")[0], "dist": (d.metadata["Name"] or "").lower().replace("_", "-")})
except Exception as e:
    out["errors"].append("plugins: %s" % e)
words = (out["pytest"] or {}).get("args", {}).get("addopts", [])
for i, w in enumerate(words):
    mod = words[i + 1] if w == "-p" and i + 1 < len(words) else w[2:] if w.startswith("-p") and len(w) > 2 and w[2] != "-" else None
    if mod and not mod.startswith("no:"):
        try: out["importable"][mod] = importlib.util.find_spec(mod.split(".")[0]) is not None
        except Exception: out["importable"][mod] = False
print(json.dumps(out))
`;

/**
 * Runs the probe with `interpreter` (isolated mode, from a scratch directory: the project's own
 * modules cannot shadow the standard library it uses).
 *
 * @throws ToolError when the probe does not print its JSON.
 * @example
 * const facts = await probePythonProject('/usr/bin/python3', '/repo');
 * facts.pytest?.args.testpaths; // ['tests']
 */
export async function probePythonProject(interpreter: string, root: string, options: { signal?: AbortSignal } = {}): Promise<PythonProjectFacts> {
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'empathy-python-config-'));
  try {
    const r = await runContained(interpreter, ['-I', '-c', PROBE_SOURCE, root], {
      cwd: scratch,
      scratch,
      timeoutMs: 30_000,
      signal: options.signal,
      env: { PYTHONDONTWRITEBYTECODE: '1' },
    });
    const line = r.stdout.trim().split('\n').pop() ?? '';
    try {
      return JSON.parse(line) as PythonProjectFacts;
    } catch {
      throw new ToolError('python', `reading the project's test configuration failed (exit ${r.exitCode}): ${r.stderr.trim().split('\n').slice(-2).join(' | ').slice(0, 300)}`);
    }
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}
