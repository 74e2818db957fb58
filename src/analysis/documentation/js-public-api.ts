/**
 * The public JS/TS symbols of a project, for documentation coverage.
 *
 * - `followEntryPoints` (CAPABLE/PREMIUM): every name exported by the entry points, followed
 *   through `export *`, `export { x } from`, re-exported imports and CommonJS re-exports to the
 *   file that declares it. Names forwarded to a package outside the project, or to a file that
 *   does not resolve, are not counted (they are not this project's to document).
 * - `allExportedDeclarations` (CHEAP, and the fallback when no entry point is known): every
 *   declaration a non-test source file exports itself; re-exports are not followed.
 *
 * A symbol is counted once per declaration (file + declared name), however many names or entry
 * points reach it; it is documented when its declaration, or a single-name export statement
 * that forwards it, has a doc comment.
 *
 * @module
 */
import type ts from 'typescript';
import { parseJsSource, resolveJsSpecifier } from '../shared/js-imports.js';
import { collectFileExports, type DeclaredSymbol, type FileExports, type Forward } from './js-exports.js';

/** A public symbol and where it is declared. */
export interface PublicSymbol extends DeclaredSymbol {
  file: string;
}

/** {@link FileExports} as plain JSON (for the per-file cache and the worker boundary). */
export interface StoredExports {
  declared: [string, DeclaredSymbol][];
  forwards: [string, Forward][];
  stars: string[];
}

/** A file's exports as plain JSON. */
export function storeExports(ex: FileExports): StoredExports {
  return { declared: [...ex.declared], forwards: [...ex.forwards], stars: ex.stars };
}

/** Plain JSON back to a file's exports. */
export function loadExports(stored: StoredExports): FileExports {
  return { declared: new Map(stored.declared), forwards: new Map(stored.forwards), stars: stored.stars };
}

/** Reads and parses files once; files whose exports are `known` are not read at all. */
export class ExportsReader {
  private readonly cache = new Map<string, Promise<FileExports>>();
  /** Exports of the files this reader parsed itself. */
  readonly parsed = new Map<string, FileExports>();

  constructor(
    private readonly readText: (path: string) => Promise<string>,
    private readonly parse: (path: string, text: string) => ts.SourceFile = parseJsSource,
    known: ReadonlyMap<string, FileExports> = new Map(),
  ) {
    for (const [path, ex] of known) this.cache.set(path, Promise.resolve(ex));
  }

  /** The exports of one file. */
  exportsOf(path: string): Promise<FileExports> {
    let pending = this.cache.get(path);
    if (!pending) {
      pending = this.readText(path).then((text) => {
        const ex = collectFileExports(this.parse(path, text));
        this.parsed.set(path, ex);
        return ex;
      });
      this.cache.set(path, pending);
    }
    return pending;
  }
}

function addSymbol(out: Map<string, PublicSymbol>, symbol: PublicSymbol): void {
  const key = `${symbol.file}\u0000${symbol.name}`;
  const known = out.get(key);
  if (!known) out.set(key, { ...symbol });
  else if (symbol.documented) known.documented = true;
}

/**
 * Every declaration exported by `files` themselves (no re-export following).
 *
 * @example
 * await allExportedDeclarations(['src/math.ts'], reader); // [{ file: 'src/math.ts', name: 'add', ... }]
 */
export async function allExportedDeclarations(
  files: readonly string[],
  reader: ExportsReader,
): Promise<PublicSymbol[]> {
  const out = new Map<string, PublicSymbol>();
  for (const file of files) {
    for (const symbol of (await reader.exportsOf(file)).declared.values())
      addSymbol(out, { ...symbol, file });
  }
  return [...out.values()];
}

/**
 * The symbols reachable from the entry points (see the module comment).
 *
 * @example
 * await followEntryPoints(['src/index.ts'], sourceSet, allPaths, reader);
 */
export async function followEntryPoints(
  entries: readonly string[],
  sourceSet: ReadonlySet<string>,
  allPaths: ReadonlySet<string>,
  reader: ExportsReader,
): Promise<PublicSymbol[]> {
  const out = new Map<string, PublicSymbol>();
  const target = (from: string, specifier: string): string | null => {
    const resolved = resolveJsSpecifier(from, specifier, allPaths);
    return resolved !== null && sourceSet.has(resolved) ? resolved : null;
  };

  const expanded = new Set<string>();
  /** Adds every name exported by `file` (all but `default` when reached through a star). */
  const expandModule = async (file: string, includeDefault: boolean): Promise<void> => {
    const key = `${file}\u0000${includeDefault}`;
    if (expanded.has(key)) return;
    expanded.add(key);
    const ex = await reader.exportsOf(file);
    for (const [name, symbol] of ex.declared) {
      if (includeDefault || name !== 'default') addSymbol(out, { ...symbol, file });
    }
    for (const [name, forward] of ex.forwards) {
      if (!includeDefault && name === 'default') continue;
      const next = target(file, forward.specifier);
      if (next === null) continue;
      if (forward.importName === '*') await expandModule(next, false);
      else await resolveName(next, forward.importName, forward.documented, new Set());
    }
    for (const star of ex.stars) {
      const next = target(file, star);
      if (next !== null) await expandModule(next, false);
    }
  };

  /** Follows one name to its declaration and adds it; false when it leads nowhere in the project. */
  const resolveName = async (
    file: string,
    name: string,
    documented: boolean,
    seen: Set<string>,
  ): Promise<boolean> => {
    const key = `${file}\u0000${name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    const ex = await reader.exportsOf(file);
    const declared = ex.declared.get(name);
    if (declared) {
      addSymbol(out, { ...declared, file, documented: declared.documented || documented });
      return true;
    }
    const forward = ex.forwards.get(name);
    if (forward) {
      const next = target(file, forward.specifier);
      if (next === null) return false;
      if (forward.importName !== '*')
        return resolveName(next, forward.importName, documented || forward.documented, seen);
      await expandModule(next, false);
      return true;
    }
    if (name === 'default') return false;
    // Like ES modules: the first star that provides the name wins.
    for (const star of ex.stars) {
      const next = target(file, star);
      if (next !== null && (await resolveName(next, name, documented, seen))) return true;
    }
    return false;
  };

  for (const entry of entries) await expandModule(entry, true);
  return [...out.values()];
}
