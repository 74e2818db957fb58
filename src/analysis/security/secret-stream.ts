/**
 * Secret scan of a file read from disk in overlapping windows, so a file of any size is
 * scanned without holding it in memory, and a secret that straddles two windows is still
 * found whole in one of them: windows are {@link SECRET_CHUNK_CHARS} apart and
 * {@link SECRET_CHUNK_CHARS} + {@link SECRET_OVERLAP_CHARS} long (the overlap is larger than
 * any secret secretlint knows, a 4096-bit PEM key included). Findings are located in the
 * whole file and counted once.
 *
 * The file is opened without following a symbolic link (`O_NOFOLLOW`); its first
 * {@link BINARY_SNIFF_BYTES} bytes are sniffed for a NUL byte first (binary files are not
 * scanned, the caller lists them).
 *
 * @module
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { BINARY_SNIFF_BYTES, looksBinary } from '../../project/hashing.js';
import type { SecretEngine, SecretlintMessage } from './secrets.js';
import { secretMessages } from './secrets.js';

/** Distance between the starts of two windows (characters). */
export const SECRET_CHUNK_CHARS = 1024 * 1024;
/** Characters each window shares with the next. */
export const SECRET_OVERLAP_CHARS = 16 * 1024;
const READ_BYTES = 256 * 1024;

/** A secretlint message located in the whole file (1-based line, 0-based column as secretlint gives). */
export interface LocatedSecret {
  line: number;
  column: number;
  message: SecretlintMessage;
}

/** What {@link scanFileForSecrets} found: `binary` when the sniff found a NUL byte (nothing scanned). */
export type StreamScan = { binary: true } | { binary: false; secrets: LocatedSecret[]; chars: number };

/** Lines and the column where `text` ends, counted from `start` (line 1-based, column 0-based). */
function advance(text: string, start: { line: number; column: number }) {
  let { line, column } = start;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  column = last === -1 ? column + text.length : text.length - last - 1;
  return { line, column };
}

/**
 * Scans the regular file at `absolutePath` for secrets, window by window. `engine` may be a
 * function that makes it: it is called only for a text file, so that scanning only binary
 * files never loads secretlint.
 *
 * @throws the file-system error when the file cannot be opened or read (ELOOP for a symlink).
 * @example
 * const scan = await scanFileForSecrets(engine, '/abs/repo/dist/bundle.js');
 * if (!scan.binary) scan.secrets.map((s) => s.line);
 */
export async function scanFileForSecrets(
  engine: SecretEngine | (() => Promise<SecretEngine>),
  absolutePath: string,
  signal?: AbortSignal,
  chunkChars = SECRET_CHUNK_CHARS,
  overlapChars = SECRET_OVERLAP_CHARS,
): Promise<StreamScan> {
  const handle = await open(absolutePath, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new Error('not a regular file');
    const head = Buffer.alloc(Math.min(BINARY_SNIFF_BYTES, info.size));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (looksBinary(head.subarray(0, bytesRead))) return { binary: true };
    const rules = typeof engine === 'function' ? await engine() : engine;

    const decoder = new StringDecoder('utf8');
    const buffer = Buffer.alloc(READ_BYTES);
    const seen = new Set<string>();
    const secrets: LocatedSecret[] = [];
    let pending = '';
    let origin = { line: 1, column: 0 }; // where `pending` starts in the file
    let chars = 0;
    let position = 0;
    let eof = false;
    const scanWindow = async (text: string) => {
      for (const message of await secretMessages(rules, text, absolutePath)) {
        const { line: l, column: c } = message.loc.start;
        const line = origin.line + l - 1;
        const column = l === 1 ? origin.column + c : c;
        const key = `${line}:${column}:${message.ruleId}`;
        if (seen.has(key)) continue;
        seen.add(key);
        secrets.push({ line, column, message });
      }
    };
    while (!eof || pending.length > 0) {
      signal?.throwIfAborted();
      while (!eof && pending.length < chunkChars + overlapChars) {
        const read = await handle.read(buffer, 0, buffer.length, position);
        position += read.bytesRead;
        if (read.bytesRead === 0) {
          eof = true;
          pending += decoder.end();
        } else pending += decoder.write(buffer.subarray(0, read.bytesRead));
      }
      const window = pending.slice(0, chunkChars + overlapChars);
      await scanWindow(window);
      if (eof && pending.length <= chunkChars + overlapChars) {
        chars += pending.length;
        break;
      }
      const consumed = pending.slice(0, chunkChars);
      origin = advance(consumed, origin);
      chars += consumed.length;
      pending = pending.slice(chunkChars);
    }
    return { binary: false, secrets, chars };
  } finally {
    await handle.close();
  }
}
