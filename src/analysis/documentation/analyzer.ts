/**
 * The documentation analyser (id `documentation`): documented public symbols / public symbols,
 * and the README check.
 *
 * Tier depths (DESIGN section 3):
 * - CHEAP: syntax only, per file: every declaration a non-test JS/TS source file exports
 *   itself (`api_scope: 'all-exports'`).
 * - CAPABLE / PREMIUM: the package's public API: names exported by the entry points of
 *   package.json, followed through re-exports to their declarations (`api_scope:
 *   'entry-points'`). When no entry point maps to a source file, the CHEAP scope is used and a
 *   `notMeasured` entry says why.
 * - Python is the same at every tier (see `python-docstrings.ts` for what is public).
 *
 * Figures: `doc_coverage` (% of public symbols documented, 2 decimals), `public_symbols`,
 * `documented_symbols`, `undocumented_symbols`, `by_language`, `api_scope`, `entry_points`,
 * `readme_present`, `readme_has_usage` (null without a README).
 *
 * A repository with no public symbol at all gets `doc_coverage: null` and a `notMeasured`
 * entry, not 100: finding nothing to document is more often a sign that we did not find the
 * API (an unsupported layout, entry points we could not map) than a real empty API, and a gate
 * must not pass on it (fail closed).
 *
 * @module
 */
import { InternalError } from '../../errors.js';
import { perFileStore } from '../../project/cached-analysis.js';
import { sha256 } from '../../project/hashing.js';
import type { Language, ProjectFile } from '../../project/types.js';
import { TIERS, type Tier } from '../../types.js';
import { defineAnalyzer } from '../define-analyzer.js';
import type { Finding, NotMeasured } from '../types.js';
import { isJsLike, sourceFiles } from '../shared/source-files.js';
import { runIndexWorker, syntaxToolsUsed, type AnalysisIndex } from '../shared/worker-index.js';
import { ts } from '../shared/typescript.js';
import { workerEntry } from '../shared/worker-host.js';
import { buildPythonModuleMap } from '../shared/python-imports.js';
import { findEntryPoints } from './js-entry-points.js';
import {
  ExportsReader,
  allExportedDeclarations,
  followEntryPoints,
  loadExports,
  storeExports,
  type StoredExports,
} from './js-public-api.js';
import { isPublicModulePath, pythonPublicSymbols } from './python-docstrings.js';
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

const VERSION = '1.0.0';
const TOOL = 'empathy-docs';

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

/** A file's entry in the per-file cache of the documentation analyser. */
interface DocFilePart {
  js?: StoredExports;
  python?: DocumentationParts['python'][string];
}

function missingFile(path: string): never {
  throw new InternalError(`documentation: the worker parsed ${path}, which is not an API file`);
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
  const knownJs = new Map(Object.entries(known.js).map(([path, stored]) => [path, loadExports(stored)]));
  const reader = new ExportsReader((p) => index.read(p), undefined, knownJs);
  const js = await jsSymbols(index, api.filter(isJsLike), tier !== 'CHEAP', notMeasured, reader);
  const parts: DocumentationParts = { js: {}, python: {} };
  for (const [path, ex] of reader.parsed) parts.js[path] = storeExports(ex);
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

/**
 * The documentation analyser.
 *
 * @example
 * const index = await buildProjectIndex('path/to/repo');
 * const report = await documentationAnalyzer.analyze(index, { tier: 'CAPABLE' });
 * report.figures.doc_coverage; // 80
 * report.findings.filter((f) => f.rule === 'documentation/undocumented-symbol'); // file, line, message
 */
export const documentationAnalyzer = defineAnalyzer<DocumentationFigures>({
  meta: {
    id: 'documentation',
    version: VERSION,
    tool: 'doc_coverage',
    description: 'Documented public symbols / public symbols, README usage',
    primaryFigure: 'doc_coverage',
    tiers: TIERS,
  },
  async analyze(index, options, { tier, cached: throughCache }) {
    const rootFiles = index.files.filter((f) => !f.path.includes('/'));
    const apiFiles = sourceFiles(index, { apiOnly: true });
    const { value, cached } = await throughCache(
      {
        options: { tier },
        files: [...apiFiles, ...rootFiles],
        inputs: { '<indexed paths>': sha256(index.files.map((f) => f.path).join('\n')) },
      },
      async () => {
        // Files whose exports (JS/TS) or public symbols (Python) are cached are not sent to the worker.
        const store = perFileStore<DocFilePart>(index, { analyzer: 'documentation-file', version: VERSION, options: { typescript: ts.version } });
        const known: DocumentationParts = { js: {}, python: {} };
        const hits = store ? await Promise.all(apiFiles.map((f) => store.get(f))) : [];
        apiFiles.forEach((file, i) => {
          const hit = hits[i];
          if (hit?.js) known.js[file.path] = hit.js;
          if (hit?.python) known.python[file.path] = hit.python;
        });
        const send = apiFiles.filter((f) => !known.js[f.path] && !known.python[f.path]);
        const { parts, ...computed } = await runIndexWorker<DocumentationComputed>(
          workerEntry(import.meta.url, './documentation-worker'),
          index,
          [...send, ...rootFiles].map((f) => f.path),
          { tier, known },
          options.signal,
          'documentation',
        );
        if (store && parts) {
          const byPath = new Map(apiFiles.map((f) => [f.path, f]));
          const writes: Promise<void>[] = [];
          for (const [path, js] of Object.entries(parts.js)) writes.push(store.set(byPath.get(path) ?? missingFile(path), { js }));
          for (const [path, python] of Object.entries(parts.python))
            writes.push(store.set(byPath.get(path) ?? missingFile(path), { python }));
          await Promise.all(writes);
        }
        return computed;
      },
    );
    return {
      figures: value.figures,
      findings: value.findings,
      tools: syntaxToolsUsed(TOOL, VERSION),
      filesCounted: value.filesCounted,
      notMeasured: value.notMeasured,
      cached,
    };
  },
});
