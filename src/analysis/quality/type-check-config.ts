/**
 * Finds the repository's own Python type checker settings in the project root, the way pyright
 * 1.1 and mypy 1.x look for them there, so the type check can run the checker the repository
 * is set up for and let its settings decide which files are checked.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The Python type checker settings found in a project root. */
export interface PythonTypeConfig {
  /** `pyrightconfig.json`, or `pyproject.toml` with a `[tool.pyright]` table; null when neither. */
  pyright: string | null;
  /**
   * The file mypy reads (the first of `mypy.ini`, `.mypy.ini`, `pyproject.toml` with
   * `[tool.mypy]`, `setup.cfg` with `[mypy]`) and whether its `[mypy]` section sets `files`.
   */
  mypy: { file: string; setsFiles: boolean } | null;
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/**
 * The keys of each `[section]` of an INI or TOML text (`[[array tables]]` included), read
 * line by line: enough to tell which sections exist and which keys they set.
 */
function sectionKeys(text: string): Map<string, Set<string>> {
  const sections = new Map<string, Set<string>>();
  let current: Set<string> | null = null;
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:[#;].*)?$/.exec(line);
    if (header) {
      const name = (header[1] ?? '').replace(/["']/g, '');
      current = sections.get(name) ?? new Set<string>();
      sections.set(name, current);
      continue;
    }
    const key = /^\s*([A-Za-z0-9_.-]+)\s*[=:]/.exec(line);
    if (key && current) current.add(key[1] ?? '');
  }
  return sections;
}

function findMypyConfig(root: string): PythonTypeConfig['mypy'] {
  for (const [file, section] of [
    ['mypy.ini', 'mypy'],
    ['.mypy.ini', 'mypy'],
    ['pyproject.toml', 'tool.mypy'],
    ['setup.cfg', 'mypy'],
  ] as const) {
    const text = readText(path.join(root, file));
    if (text === null) continue;
    const keys = sectionKeys(text).get(section);
    // mypy uses mypy.ini / .mypy.ini whenever it exists; the shared files only with a mypy section.
    if (!keys && (file === 'pyproject.toml' || file === 'setup.cfg')) continue;
    return { file, setsFiles: keys?.has('files') ?? false };
  }
  return null;
}

/**
 * Reads the pyright and mypy settings present in `root`.
 *
 * @example
 * findPythonTypeConfig('/repo'); // { pyright: null, mypy: { file: 'mypy.ini', setsFiles: true } }
 */
export function findPythonTypeConfig(root: string): PythonTypeConfig {
  let pyright: string | null = null;
  if (readText(path.join(root, 'pyrightconfig.json')) !== null) pyright = 'pyrightconfig.json';
  else {
    const pyproject = readText(path.join(root, 'pyproject.toml'));
    if (pyproject !== null && [...sectionKeys(pyproject).keys()].some((s) => /^tool\.pyright(\.|$)/.test(s)))
      pyright = 'pyproject.toml';
  }
  return { pyright, mypy: findMypyConfig(root) };
}
