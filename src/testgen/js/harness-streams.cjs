// @ts-check
'use strict';
// empathy-framework: streams in the harness (harness.cjs).
//
// A call that returns a readable stream is described by what the stream produces: it is read to
// its end, at most MAX_CHUNKS chunks within the harness's wait (a stream that goes on is pending,
// not a test). A stream that is also writable (a transform or duplex) first gets a small
// realistic input, written and ended. Buffer chunks become text; the output is the joined text
// when every chunk is text, else the array of chunks (object mode). The generated test does the
// same with its `collect(stream, input)` helper (emit.ts) and asserts the output.
// Arguments that are streams (a parameter named `stream`, `readable`, ... or typed `Readable`)
// come from `streamOf([...])`, a readable stream of the given chunks, defined here for the
// harness and in the generated file.

const { Readable } = require('node:stream');

/** The most chunks read from one stream. */
const MAX_CHUNKS = 1000;
/** The input written to a writable stream: text lines, or objects in object mode (JavaScript source). */
const TEXT_INPUT = '["hello\\n", "world\\n"]';
const OBJECT_INPUT = '[{ "a": 1 }, { "a": 2 }]';

/** A readable stream of `chunks` (the `streamOf` of argument expressions). @param {unknown[]} chunks @returns {Readable} */
function streamOf(chunks) {
  return Readable.from(chunks);
}

/** True for a readable stream (Node's or a compatible one: `on`, `pipe`, `read`). @param {unknown} v @returns {boolean} */
function isReadable(v) {
  const s = /** @type {any} */ (v);
  return !!s && typeof s === 'object' && typeof s.on === 'function' && typeof s.pipe === 'function' && typeof s.read === 'function' && typeof s.then !== 'function';
}

/** The input to write to `stream` (JavaScript source), or null when it is not writable. @param {any} stream @returns {string | null} */
function inputFor(stream) {
  if (typeof stream.write !== 'function' || typeof stream.end !== 'function' || stream.writable === false) return null;
  return stream.writableObjectMode ? OBJECT_INPUT : TEXT_INPUT;
}

/**
 * Reads `stream` to its end (after writing `input` to it); resolves to `{ output }`, `{ error }`
 * or `{ pending: true }` (more than MAX_CHUNKS chunks, or no end within `ms`).
 * @param {any} stream @param {string | null} input @param {number} ms @param {(e: string) => unknown} evalExpr
 * @param {(fn: () => void, ms: number) => void} wait calls its function after `ms` (the harness's steadyTimeout)
 * @returns {Promise<{ output?: unknown, error?: unknown, pending?: true }>}
 */
function collect(stream, input, ms, evalExpr, wait) {
  return new Promise(function (resolve) {
    /** @type {unknown[]} */
    const chunks = [];
    let done = false;
    /** @param {{ output?: unknown, error?: unknown, pending?: true }} r */
    function finish(r) { if (!done) { done = true; resolve(r); } }
    wait(function () { finish({ pending: true }); }, ms);
    try {
      stream.on('data', function (/** @type {unknown} */ chunk) {
        chunks.push(Buffer.isBuffer(chunk) ? chunk.toString('utf8') : chunk);
        if (chunks.length > MAX_CHUNKS) { finish({ pending: true }); try { stream.destroy(); } catch (e) { /* already done */ } }
      });
      stream.on('end', function () { finish({ output: chunks.every(function (c) { return typeof c === 'string'; }) ? chunks.join('') : chunks }); });
      stream.on('error', function (/** @type {unknown} */ e) { finish({ error: e }); });
      if (input !== null) {
        for (const chunk of /** @type {unknown[]} */ (evalExpr(input))) stream.write(chunk);
        stream.end();
      }
    } catch (e) {
      finish({ error: e });
    }
  });
}

module.exports = { streamOf, isReadable, inputFor, collect };
