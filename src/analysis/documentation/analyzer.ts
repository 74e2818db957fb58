/**
 * The documentation analyser (id `documentation`): documented public symbols / public symbols,
 * and the README check.
 *
 * Tier depths (a tier is a budget: how deep the tools dig; see docs/architecture.md):
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
import { TIERS, type Tier } from '../../types.js';
import type { ProjectFile } from '../../project/types.js';
import { defineAnalyzer } from '../define-analyzer.js';
import { sourceFiles } from '../shared/source-files.js';
import { memoryIndex, runIndexWorker, syntaxToolsUsed, workerIndexData, type AnalysisIndex } from '../shared/worker-index.js';
import { typescriptVersion } from '../shared/typescript-version.js';
import { isPublicModulePath } from '../shared/python-imports.js';
import { runsInline, runsInlineJs, SMALL_JOB_FILES, workerEntry } from '../shared/worker-host.js';
import type {
  DocumentationComputed,
  DocumentationFigures,
  DocumentationParts,
} from './compute.js';
import type { StoredExports } from './js-public-api.js';

export type {
  DocumentationComputed,
  DocumentationFigures,
  DocumentationParts,
  LanguageDocFigures,
} from './compute.js';

const VERSION = '1.0.0';
/** The tool name of the documentation analyser's findings and tool list. */
export const DOCUMENTATION_TOOL = 'empathy-docs';

/** A file's entry in the per-file cache of the documentation analyser. */
interface DocFilePart {
  js?: StoredExports;
  python?: DocumentationParts['python'][string];
}

function missingFile(path: string): never {
  throw new InternalError(`documentation: the worker parsed ${path}, which is not an API file`);
}

/** The worker job module of the parse. */
const WORKER_ENTRY = workerEntry('analysis/documentation/documentation-worker');

/**
 * Whether the parse runs on this thread: a Python-only API with at most a few files to parse
 * (`runsInline`; the main thread has tree-sitter loaded already), or a few files of any API when
 * `runsInlineJs` says so (the TypeScript compiler is then loaded here, not in a worker started for
 * it). Starting a worker thread and loading its modules for one changed file cost more than the
 * parse (click after a one-file change: the worker used about 0.3 s of CPU).
 */
export function inlineJob(apiFiles: readonly ProjectFile[], parsed: readonly ProjectFile[]): boolean {
  if (apiFiles.every((f) => f.language === 'python') && runsInline(parsed.map((f) => ({ language: f.language ?? '' })))) return true;
  return runsInlineJs(WORKER_ENTRY, parsed.length);
}

/** What `documentation-worker.ts` computes, on this thread, over the same in-memory view of the texts. */
async function computeInline(
  index: AnalysisIndex,
  paths: readonly string[],
  tier: Tier,
  known: DocumentationParts,
): Promise<DocumentationComputed> {
  const [{ computeDocumentation }, data] = await Promise.all([import('./compute.js'), workerIndexData(index, paths)]);
  return computeDocumentation(memoryIndex(data), tier, known);
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
        const store = perFileStore<DocFilePart>(index, { analyzer: 'documentation-file', version: VERSION, options: { typescript: typescriptVersion() } });
        const known: DocumentationParts = { js: {}, python: {} };
        const hits = store ? await Promise.all(apiFiles.map((f) => store.get(f))) : [];
        apiFiles.forEach((file, i) => {
          const hit = hits[i];
          if (hit?.js) known.js[file.path] = hit.js;
          if (hit?.python) known.python[file.path] = hit.python;
        });
        const send = apiFiles.filter((f) => !known.js[f.path] && !known.python[f.path]);
        const paths = [...send, ...rootFiles].map((f) => f.path);
        // Private Python modules are sent but never parsed (they have no cached part either).
        const parsed = send.filter((f) => f.language !== 'python' || isPublicModulePath(f.path));
        const { parts, ...computed } = inlineJob(apiFiles, parsed)
          ? await computeInline(index, paths, tier, known)
          : await runIndexWorker<DocumentationComputed>(
              WORKER_ENTRY,
              index,
              paths,
              { tier, known },
              options.signal,
              'documentation',
              { small: send.length + rootFiles.length <= SMALL_JOB_FILES },
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
      tools: syntaxToolsUsed(DOCUMENTATION_TOOL, VERSION),
      filesCounted: value.filesCounted,
      notMeasured: value.notMeasured,
      cached,
    };
  },
});
