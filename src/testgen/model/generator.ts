/**
 * The model-based test generator (a generator like the offline ones: its files are kept only
 * when the validator accepts them): for a JS/TS gap it asks the configured
 * model (structured output `{ file_name, code }`) for a complete test file in the project's
 * runner and module style, from the redacted source, its uncovered lines and an existing test
 * as a style example. The file runs once, alone, with the project's runner; on failure the
 * error goes back to the model, a bounded number of rounds. A file that passes goes to the
 * same validator as the offline candidates (3 isolated runs, strictly rising coverage).
 *
 * Every model call goes through the run's {@link ModelClient}: counted in usage, skipped when
 * it could cross `--max-cost`.
 *
 * @module
 */
import { getLogger } from '../../core/logger.js';
import { errorMessage } from '../../errors.js';
import type { ModelRuntime } from '../../providers/runtime.js';
import { isSecretFile } from '../../providers/redaction.js';
import { callStructured } from '../../providers/structured.js';
import type { Tier } from '../../types.js';
import { detectJsStyle, generatedTestPath, importSpecifier, type JsTestStyle } from '../js/style.js';
import type { CandidateTestFile, Gap, GenerationContext, GeneratorResult, TestGenerator } from '../types.js';
import { precheck, precheckSite } from './precheck.js';
import { countTestCases, feedbackPrompt, firstPrompt, modelTestFileSchema, systemPrompt } from './prompt.js';

const log = getLogger('testgen.model');

/** Id of the model-based generator. */
export const MODEL_GENERATOR_ID = 'model-js';

/** Options of {@link createModelTestGenerator}. */
export interface ModelTestGeneratorOptions {
  /** Tier of the calls (default CAPABLE; a structured answer that does not parse escalates one tier). */
  tier?: Tier;
  /** Feedback rounds after a failing pre-check run (default 2). */
  maxFeedbackRounds?: number;
  /** Output cap of one call, in tokens (default 4096; also the worst case the budget reserves). */
  maxOutputTokens?: number;
  /** Agent the calls are counted under (default `test_generator`). */
  agentId?: string;
  /** Extra globs of files never sent to the provider (the provider settings' excludes always apply). */
  exclude?: string[];
}

type StyleState = { style: JsTestStyle; reason: null } | { style: null; reason: string };

function styleOf(context: GenerationContext): Promise<StyleState> {
  const key = `${MODEL_GENERATOR_ID}:style`;
  const known = context.memo.get(key) as Promise<StyleState> | undefined;
  if (known) return known;
  const made = detectJsStyle(context.index).then((s): StyleState =>
    'reason' in s ? { style: null, reason: s.reason } : { style: s, reason: null },
  );
  context.memo.set(key, made);
  return made;
}

function empty(notes: string[]): GeneratorResult {
  return { candidates: [], possibleBugs: [], notes };
}

/**
 * What the generator needs of a model runtime: the provider's name and excludes, and a client
 * to call (on a worker of a `--queue` run: one that sends the calls to the coordinator).
 */
export type ModelGeneratorRuntime = {
  settings: Pick<ModelRuntime['settings'], 'name' | 'exclude'>;
  client: Pick<ModelRuntime['client'], 'call'>;
};

/**
 * Creates the model-based generator for a run's model runtime.
 *
 * @example
 * const runtime = createModelRuntime(config, { provider: 'anthropic', maxCost: 0.5 }, process.env);
 * const registry = await createDefaultGeneratorRegistry();
 * if (runtime) registry.register(createModelTestGenerator(runtime));
 */
export function createModelTestGenerator(
  runtime: ModelGeneratorRuntime,
  options: ModelTestGeneratorOptions = {},
): TestGenerator {
  const tier = options.tier ?? 'CAPABLE';
  const rounds = Math.max(0, Math.floor(options.maxFeedbackRounds ?? 2));
  const maxOutputTokens = options.maxOutputTokens ?? 4096;
  const agentId = options.agentId ?? 'test_generator';
  const exclude = [...runtime.settings.exclude, ...(options.exclude ?? [])];

  async function ask(system: string, prompt: string, gap: Gap, context: GenerationContext) {
    return callStructured(runtime.client, {
      tier,
      system,
      prompt,
      schema: modelTestFileSchema,
      maxOutputTokens,
      agentId,
      signal: context.signal,
    });
  }

  return {
    id: MODEL_GENERATOR_ID,
    description: `A ${runtime.settings.name} model writes a test file from the source, its uncovered lines and a local test; failures are fed back (up to ${rounds} round(s))`,
    supports: (gap) =>
      (gap.language === 'javascript' || gap.language === 'typescript') && !isSecretFile(gap.path, exclude),
    async generate(gap: Gap, context: GenerationContext): Promise<GeneratorResult> {
      const state = await styleOf(context);
      if (!state.style) return empty([`${gap.path}: model generator: ${state.reason}`]);
      const style = state.style;
      if (context.signal.aborted || context.deadline - Date.now() < 5_000)
        return empty([`${gap.path}: model generator: no time left`]);
      const testFile = generatedTestPath(gap.path, style, context.reservedPaths);
      context.reservedPaths.add(testFile);
      const esm =
        style.runner === 'vitest' || style.typescript || style.esmPackage || testFile.endsWith('.mjs');
      const system = systemPrompt(style);
      const first = await firstPrompt({
        gap,
        style,
        testFile,
        specifier: importSpecifier(testFile, gap.path, style),
        esm,
        index: context.index,
        exclude,
      });
      const notes: string[] = [];
      let prompt = first;
      for (let round = 0; round <= rounds; round += 1) {
        const answer = await ask(system, prompt, gap, context);
        if (answer.status !== 'ok') {
          notes.push(`${gap.path}: model call ${answer.status}: ${answer.message}`);
          break;
        }
        const code = answer.value.code;
        if (answer.value.file_name !== testFile)
          notes.push(
            `${gap.path}: the model named the file ${JSON.stringify(answer.value.file_name)}; written as ${testFile}`,
          );
        const candidate: CandidateTestFile = {
          id: `${MODEL_GENERATOR_ID}:${gap.path}`,
          generator: MODEL_GENERATOR_ID,
          targetFile: gap.path,
          testFile,
          runner: style.runner,
          content: code.endsWith('\n') ? code : `${code}\n`,
          testCases: Math.max(1, countTestCases(code)),
        };
        if (context.signal.aborted || Date.now() > context.deadline) {
          notes.push(`${gap.path}: model file not pre-checked (no time left); handed to the validator`);
          return { candidates: [candidate], possibleBugs: [], notes };
        }
        let checked;
        try {
          checked = await precheck(await precheckSite(context, style), testFile, candidate.content, context);
        } catch (error) {
          notes.push(
            `${gap.path}: model file not pre-checked (${errorMessage(error)}); handed to the validator`,
          );
          return { candidates: [candidate], possibleBugs: [], notes };
        }
        log.debug('model candidate pre-checked', { file: gap.path, round, passed: checked.passed });
        if (checked.passed) {
          if (round > 0) notes.push(`${gap.path}: model file passed after ${round} feedback round(s)`);
          return { candidates: [candidate], possibleBugs: [], notes };
        }
        notes.push(
          `${gap.path}: model file failed its pre-check run (round ${round + 1}): ${
            checked.output
              .split('\n')
              .find((l) => /error|not ok|fail|expected/i.test(l))
              ?.trim() ?? 'see the runner output'
          }`,
        );
        if (round === rounds) {
          notes.push(`${gap.path}: model file dropped after ${rounds} feedback round(s)`);
          break;
        }
        prompt = await feedbackPrompt(first, code, checked.output, testFile);
      }
      context.reservedPaths.delete(testFile);
      return empty(notes);
    },
  };
}
