/**
 * Language detection by file extension, and the extensions we treat as binary without
 * reading them.
 *
 * Decisions (documented for analysers):
 * - `.ts .tsx .mts .cts` are `typescript`, including declaration files (`.d.ts`, `.d.mts`,
 *   `.d.cts`); analysers that should not count declarations (e.g. code-quality LOC) filter
 *   them with {@link isDeclarationFile}.
 * - `.js .jsx .mjs .cjs` are `javascript`.
 * - `.py .pyi` are `python` (`.pyi` stubs are declarations too, see {@link isDeclarationFile}).
 * - Every other text file is indexed with `language: null` (secret scanning reads them all).
 * - Detection is by extension only: an extensionless script with a `#!` line is `null`, because
 *   the tools behind the analysers select files by extension too.
 *
 * @module
 */
import type { Language } from './types.js';

const BY_EXTENSION: ReadonlyMap<string, Language> = new Map<string, Language>([
  ['.ts', 'typescript'],
  ['.tsx', 'typescript'],
  ['.mts', 'typescript'],
  ['.cts', 'typescript'],
  ['.js', 'javascript'],
  ['.jsx', 'javascript'],
  ['.mjs', 'javascript'],
  ['.cjs', 'javascript'],
  ['.py', 'python'],
  ['.pyi', 'python'],
]);

/**
 * Extensions of files that are binary by nature: skipped (and counted as binary) without
 * reading them. Anything else is read and judged by content (a NUL byte in the first 8 KiB).
 */
// prettier-ignore
export const BINARY_EXTENSIONS: ReadonlySet<string> = new Set([
  // images
  '.png', '.jpg', '.jpeg', '.gif', '.bmp', '.ico', '.icns', '.webp', '.avif', '.tif', '.tiff', '.psd',
  // fonts
  '.woff', '.woff2', '.ttf', '.otf', '.eot',
  // audio / video
  '.mp3', '.mp4', '.m4a', '.wav', '.ogg', '.flac', '.avi', '.mov', '.webm', '.mkv',
  // archives / packages
  '.zip', '.gz', '.tgz', '.bz2', '.xz', '.zst', '.7z', '.rar', '.tar', '.jar', '.war', '.whl', '.egg', '.deb', '.rpm',
  // compiled code / objects
  '.wasm', '.so', '.dylib', '.dll', '.exe', '.o', '.a', '.lib', '.obj', '.class', '.pyc', '.pyo', '.pyd', '.node',
  // documents / data
  '.pdf', '.doc', '.docx', '.xls', '.xlsx', '.ppt', '.pptx', '.sqlite', '.sqlite3', '.db', '.parquet', '.npy', '.npz',
  '.pkl', '.pickle', '.bin',
]);

/** Lower-cased last extension of a path (with the dot), or `''`. */
export function extensionOf(path: string): string {
  const slash = path.lastIndexOf('/');
  const name = slash >= 0 ? path.slice(slash + 1) : path;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

/**
 * The language of a file from its extension, or `null` for other text files.
 *
 * @example
 * detectLanguage('src/a.tsx'); // 'typescript'
 * detectLanguage('README.md'); // null
 */
export function detectLanguage(path: string): Language | null {
  return BY_EXTENSION.get(extensionOf(path)) ?? null;
}

/** True for type declaration files: `.d.ts`, `.d.mts`, `.d.cts` and Python `.pyi` stubs. */
export function isDeclarationFile(path: string): boolean {
  const lower = path.toLowerCase();
  return /\.d\.(?:ts|mts|cts)$/.test(lower) || lower.endsWith('.pyi');
}

/** True when the extension alone says the file is binary (see {@link BINARY_EXTENSIONS}). */
export function hasBinaryExtension(path: string): boolean {
  return BINARY_EXTENSIONS.has(extensionOf(path));
}
