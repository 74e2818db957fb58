/**
 * Prompts of the model-based test generator: the source under test (redacted, line-numbered,
 * framed as data), its uncovered lines, an existing test of the project as a style example,
 * and the runner and module style the file must be written for. Feedback prompts add the
 * previous file and the runner's error.
 *
 * @module
 */
import path from 'node:path';
import { z } from 'zod';
import { DATA_NOTICE, frameAsData, isSecretFile, redactSecrets } from '../../providers/redaction.js';
import type { ProjectIndex } from '../../project/types.js';
import type { Gap } from '../types.js';
import type { JsTestStyle } from '../js/style.js';

/** The structured answer: one complete test file. */
export const modelTestFileSchema = z.object({
  file_name: z.string().min(1).max(300),
  code: z.string().min(1).max(100_000),
});

/** A parsed answer of {@link modelTestFileSchema}. */
export type ModelTestFile = z.infer<typeof modelTestFileSchema>;

/** Most characters of source sent for one gap. */
const MAX_SOURCE_CHARS = 16_000;
/** Most characters of the style example. */
const MAX_EXAMPLE_CHARS = 4_000;
/** Most characters of runner output fed back. */
const MAX_ERROR_CHARS = 3_000;

/** What the prompt is built from. */
export interface PromptParts {
  gap: Gap;
  style: JsTestStyle;
  /** The path of the test file (relative to the root). */
  testFile: string;
  /** How the test imports the module under test. */
  specifier: string;
  /** The test file is an ES module (else CommonJS). */
  esm: boolean;
  index: ProjectIndex;
  /** Extra globs never sent to the provider. */
  exclude: readonly string[];
}

const RUNNER_HINTS: Record<JsTestStyle['runner'], { esm: string; cjs: string }> = {
  vitest: {
    esm: "import { describe, it, expect } from 'vitest';",
    cjs: "const { describe, it, expect } = require('vitest');",
  },
  jest: {
    esm: 'Use the jest globals (describe, it, expect); do not import them.',
    cjs: 'Use the jest globals (describe, it, expect); do not import them.',
  },
  mocha: {
    esm: "Use the mocha globals (describe, it) and import assert from 'node:assert/strict';",
    cjs: "Use the mocha globals (describe, it) and const assert = require('node:assert/strict');",
  },
  ava: {
    esm: "import test from 'ava'; write each case as test.serial('title', async (t) => { ... }) with t.deepEqual / t.is / t.throws.",
    cjs: "const test = require('ava'); write each case as test.serial('title', async (t) => { ... }) with t.deepEqual / t.is / t.throws.",
  },
  'node:test': {
    esm: "import { test } from 'node:test'; import assert from 'node:assert/strict';",
    cjs: "const test = require('node:test'); const assert = require('node:assert/strict');",
  },
};

/** The system prompt. */
export function systemPrompt(style: JsTestStyle): string {
  return [
    `You write unit tests for a ${style.typescript ? 'TypeScript' : 'JavaScript'} project whose test runner is ${style.runner}.`,
    'Write one complete, self-contained test file that exercises the uncovered lines of the code shown.',
    'Assert the behaviour the code actually has (read it carefully); tests must pass, be deterministic,',
    'and use no network, no real clock, no randomness and no files outside a temporary directory.',
    'Use only the runner, node built-ins and the module under test.',
    DATA_NOTICE,
  ].join('\n');
}

function numbered(text: string): string {
  return text
    .split('\n')
    .map((line, i) => `${String(i + 1).padStart(4)}| ${line}`)
    .join('\n');
}

/** The source to show: the whole file when small, else windows around the gap's functions. */
function excerpt(source: string, gap: Gap): string {
  const full = numbered(source);
  if (full.length <= MAX_SOURCE_CHARS) return full;
  const lines = full.split('\n');
  const keep = new Set<number>();
  for (const fn of gap.functions.slice(0, 6)) {
    const end = fn.endLine ?? fn.startLine + 40;
    for (let l = Math.max(1, fn.startLine - 3); l <= Math.min(lines.length, end + 1); l += 1) keep.add(l);
  }
  for (const l of gap.uncoveredLines) keep.add(l);
  const out: string[] = [];
  let last = 0;
  for (const l of [...keep].sort((a, b) => a - b)) {
    if (l > last + 1) out.push('    | ...');
    out.push(lines[l - 1] ?? '');
    last = l;
  }
  return out.join('\n').slice(0, MAX_SOURCE_CHARS);
}

/** An existing test file of the project as a style example (one that names the gap's file first). */
export async function styleExample(
  parts: Pick<PromptParts, 'gap' | 'style' | 'index' | 'exclude'>,
): Promise<{ file: string; text: string } | null> {
  const stem = path.posix.parse(parts.gap.path).name;
  const files = parts.style.testFiles.filter(
    (f) => !isSecretFile(f, parts.exclude) && !/\.generated\.test\./.test(f),
  );
  const ordered = [...files.filter((f) => f.includes(stem)), ...files.filter((f) => !f.includes(stem))];
  for (const file of ordered.slice(0, 5)) {
    const text = await parts.index.read(file).catch(() => null);
    if (text && text.trim()) return { file, text: text.slice(0, MAX_EXAMPLE_CHARS) };
  }
  return null;
}

/** Builds the first prompt for a gap; secrets are removed from every piece of repository content. */
export async function firstPrompt(parts: PromptParts): Promise<string> {
  const source = await parts.index.read(parts.gap.path);
  const code = (await redactSecrets(excerpt(source, parts.gap), parts.gap.path)).text;
  const example = await styleExample(parts);
  const hints = RUNNER_HINTS[parts.style.runner];
  const functions = parts.gap.functions
    .slice(0, 10)
    .map(
      (f) =>
        `- ${f.name} (lines ${f.startLine}-${f.endLine ?? '?'}; uncovered: ${f.uncoveredLines.join(', ') || 'unknown'})`,
    );
  const lines = [
    `Write the test file ${parts.testFile} (set file_name to exactly that path).`,
    `Module under test: ${parts.gap.path}; import it from the test file as '${parts.specifier}'${parts.esm ? ' with an ES import' : ' with require()'}.`,
    `Runner and assertions: ${parts.esm ? hints.esm : hints.cjs}`,
    `Uncovered lines of ${parts.gap.path}: ${parts.gap.uncoveredLines.slice(0, 200).join(', ') || 'unknown'}.`,
    ...(functions.length ? ['Functions with uncovered lines:', ...functions] : []),
    '',
    `Source of ${parts.gap.path} (line-numbered):`,
    frameAsData(parts.gap.path, code),
  ];
  if (example) {
    const text = (await redactSecrets(example.text, example.file)).text;
    lines.push(
      '',
      `An existing test of the project (${example.file}), to follow its style:`,
      frameAsData(example.file, text),
    );
  }
  return lines.join('\n');
}

/** The prompt of a feedback round: the first prompt, the previous file and the runner's error. */
export async function feedbackPrompt(
  first: string,
  previousCode: string,
  error: string,
  testFile: string,
): Promise<string> {
  const output = (await redactSecrets(error.slice(-MAX_ERROR_CHARS), 'runner-output.txt')).text;
  return [
    first,
    '',
    `Your previous version of ${testFile} was:`,
    frameAsData(`previous ${testFile}`, previousCode),
    "It failed when run alone with the project's runner. The output was:",
    frameAsData('runner output', output),
    'Fix the file so that every test passes against the code as it is (do not test behaviour the code does not have). Reply with the complete corrected file.',
  ].join('\n');
}

/** Counts test cases in a JS/TS test file (`it(`, `test(` and their `.only`/`.skip`-free forms). */
export function countTestCases(code: string): number {
  return [...code.matchAll(/(?:^|[^\w.$])(?:it|test)\s*\(/g)].length;
}
