/**
 * The documentation figures computed from file texts: the part of the documentation analyser
 * that runs inside its worker thread (see `documentation-worker.ts`). It parses JS/TS with the
 * TypeScript compiler, so the main thread must not import it: `analyzer.ts` imports only its
 * types, and the compiler is loaded once, by the worker, and only when a file has to be parsed.
 *
 * @module
 */
import type { Language, ProjectFile } from '../../project/types.js';
import type { Tier } from '../../types.js';
import type { Finding, NotMeasured } from '../types.js';
import { isJsLike, sourceFiles } from '../shared/source-files.js';
import type { AnalysisIndex } from '../shared/worker-index.js';
import { buildPythonModuleMap, isPublicModulePath } from '../shared/python-imports.js';
import { DOCUMENTATION_TOOL as TOOL } from './analyzer.js';
import type { ExportsReader, StoredExports } from './js-public-api.js';
import { pythonPublicSymbols } from './python-docstrings.js';
import { checkReadme, findReadme } from './readme.js';

/** Per-language counts. */
export interface LanguageDocFigures {
  public_symbols: number;
  documented_symbols: number;
  doc_coverage: number | null;
}

/** The figures of a documentation report (snake_case, as serialised). */
export interface DocumentationFigures extends Record<string, unknown> {
  doc_coverage: number | null;
  public_symbols: number;
  documented_symbols: number;
  undocumented_symbols: number;
  by_language: Partial<Record<Language, LanguageDocFigures>>;
  /** How the JS/TS public API was determined; null when there is no JS/TS source. */
  api_scope: 'entry-points' | 'all-exports' | null;
  entry_points: string[];
  readme_present: boolean;
  readme_has_usage: boolean | null;
}

interface CountedSymbol {
  file: string;
  name: string;
  kind: string;
  line: number;
  documented: boolean;
  language: Language;
}

function percent(documented: number, total: number): number | null {
  return total === 0 ? null : Math.round((documented / total) * 10_000) / 100;
}

async function jsSymbols(
  index: AnalysisIndex,
  files: readonly ProjectFile[],
  followEntries: boolean,
  notMeasured: NotMeasured[],
  reader: ExportsReader,
): Promise<{ symbols: CountedSymbol[]; scope: DocumentationFigures['api_scope']; entries: string[] }> {
  if (files.length === 0) return { symbols: [], scope: null, entries: [] };
  const paths = files.map((f) => f.path);
  const languageOf = new Map(files.map((f) => [f.path, f.language as Language]));
  const indexed = new Set(index.files.map((f) => f.path));
  let entries: string[] = [];
  if (followEntries) {
    const { findEntryPoints } = await import('./js-entry-points.js');
    const found = await findEntryPoints(paths, async (p) => (indexed.has(p) ? index.read(p) : null));
    entries = found.files;
    if (found.problem !== null) {
      notMeasured.push({
        what: 'public API from package entry points',
        reason: `${found.problem}; counted every exported declaration instead`,
        fix: 'declare the public entry points in package.json ("exports", "main" or "types")',
      });
    }
  }
  const { allExportedDeclarations, followEntryPoints } = await import('./js-public-api.js');
  const symbols =
    entries.length > 0
      ? await followEntryPoints(entries, new Set(paths), indexed, reader)
      : await allExportedDeclarations(paths, reader);
  return {
    symbols: symbols.map((s) => ({ ...s, language: languageOf.get(s.file) ?? 'javascript' })),
    scope: entries.length > 0 ? 'entry-points' : 'all-exports',
    entries,
  };
}

async function pythonSymbols(
  index: AnalysisIndex,
  files: readonly ProjectFile[],
  known: DocumentationParts['python'],
  fresh: DocumentationParts['python'],
): Promise<CountedSymbol[]> {
  const names = buildPythonModuleMap(files.map((f) => f.path)).byFile;
  const out: CountedSymbol[] = [];
  for (const file of files) {
    if (!isPublicModulePath(file.path)) continue;
    const moduleName =
      names.get(file.path) ?? file.path.replace(/(?:\/__init__)?\.py$/, '').replace(/\//g, '.');
    let part = known[file.path];
    if (part?.module !== moduleName) {
      part = { module: moduleName, symbols: await pythonPublicSymbols(await index.read(file.path), moduleName) };
      fresh[file.path] = part;
    }
    for (const s of part.symbols) out.push({ ...s, file: file.path, language: 'python' });
  }
  return out;
}

/**
 * The per-file parts of the documentation figures: each JS/TS file's exports and each Python
 * module's public symbols (with the module name they were computed for).
 */
export interface DocumentationParts {
  js: Record<string, StoredExports>;
  python: Record<string, { module: string; symbols: Awaited<ReturnType<typeof pythonPublicSymbols>> }>;
}

/** The cacheable part of a documentation report. */
export interface DocumentationComputed {
  figures: DocumentationFigures;
  findings: Finding[];
  notMeasured: NotMeasured[];
  filesCounted: number;
  /** The per-file parts computed by this run (not read from `known`). */
  parts?: DocumentationParts;
}

/**
 * Computes the documentation figures (runs inside the analysis worker). Needs the texts of the
 * API source files and of the root files.
 *
 * @example
 * const computed = await computeDocumentation(memoryIndex(data), 'CAPABLE');
 */
export async function computeDocumentation(
  index: AnalysisIndex,
  tier: Tier,
  known: DocumentationParts = { js: {}, python: {} },
): Promise<DocumentationComputed> {
  const notMeasured: NotMeasured[] = [];
  const api = sourceFiles(index, { apiOnly: true });
  const parts: DocumentationParts = { js: {}, python: {} };
  const jsFiles = api.filter(isJsLike);
  // The JS/TS modules load the TypeScript compiler: a Python-only project never imports them.
  let js: Awaited<ReturnType<typeof jsSymbols>> = { symbols: [], scope: null, entries: [] };
  if (jsFiles.length > 0 || Object.keys(known.js).length > 0) {
    const { ExportsReader: Reader, loadExports, storeExports } = await import('./js-public-api.js');
    const knownJs = new Map(Object.entries(known.js).map(([path, stored]) => [path, loadExports(stored)]));
    const reader = new Reader((p) => index.read(p), undefined, knownJs);
    js = await jsSymbols(index, jsFiles, tier !== 'CHEAP', notMeasured, reader);
    for (const [path, ex] of reader.parsed) parts.js[path] = storeExports(ex);
  }
  const py = await pythonSymbols(
    index,
    api.filter((f) => f.language === 'python'),
    known.python,
    parts.python,
  );
  const symbols = [...js.symbols, ...py].sort((a, b) =>
    a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1,
  );
  const documented = symbols.filter((s) => s.documented).length;

  const byLanguage: DocumentationFigures['by_language'] = {};
  for (const s of symbols) {
    const entry = (byLanguage[s.language] ??= {
      public_symbols: 0,
      documented_symbols: 0,
      doc_coverage: null,
    });
    entry.public_symbols++;
    if (s.documented) entry.documented_symbols++;
  }
  for (const entry of Object.values(byLanguage))
    entry.doc_coverage = percent(entry.documented_symbols, entry.public_symbols);

  const findings: Finding[] = symbols
    .filter((s) => !s.documented)
    .map((s) => ({
      file: s.file,
      line: s.line,
      rule: 'documentation/undocumented-symbol',
      severity: 'low',
      message: `public ${s.kind} ${s.name} has no ${s.language === 'python' ? 'docstring' : 'doc comment'}`,
      tool: TOOL,
    }));
  if (symbols.length === 0) {
    notMeasured.push({
      what: 'doc_coverage',
      reason: 'no public symbol found (no exported JS/TS declaration, no public Python module outside tests)',
      fix: 'point --path at the package root; declare entry points in package.json; check include/exclude globs',
    });
  }

  const readmePath = findReadme(index.files.map((f) => f.path));
  const readme = readmePath === null ? null : checkReadme(readmePath, await index.read(readmePath));
  if (readme === null) {
    findings.push({
      file: 'README.md',
      line: 0,
      rule: 'documentation/readme-missing',
      severity: 'medium',
      message: 'no README at the project root',
      tool: TOOL,
    });
  } else if (!readme.hasUsageSection && !readme.hasCodeBlock) {
    findings.push({
      file: readme.path ?? 'README',
      line: 0,
      rule: 'documentation/readme-no-usage',
      severity: 'low',
      message: 'README has no usage section and no code example',
      tool: TOOL,
    });
  }

  const figures: DocumentationFigures = {
    doc_coverage: percent(documented, symbols.length),
    public_symbols: symbols.length,
    documented_symbols: documented,
    undocumented_symbols: symbols.length - documented,
    by_language: byLanguage,
    api_scope: js.scope,
    entry_points: js.entries,
    readme_present: readme !== null,
    readme_has_usage: readme === null ? null : readme.hasUsageSection || readme.hasCodeBlock,
  };
  return { figures, findings, notMeasured, filesCounted: api.length, parts };
}
