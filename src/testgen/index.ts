/**
 * Test generation (generated tests are kept only if they pass 3 runs in a row and strictly
 * raise coverage): gap ranking, the generator interface and its explicit
 * registry, the offline JS/TS and Python generators, and the validator.
 *
 * @module
 */
export type * from './types.js';
export { rankGaps, matchesPriority, PRIORITY_WEIGHT } from './gaps.js';
export { TestGeneratorRegistry, createDefaultGeneratorRegistry } from './registry.js';
export { mineLiterals, type MinedLiterals } from './literals.js';
export { offlineJsGenerator } from './js/generator.js';
export { offlinePythonGenerator, pythonHelperPath, pythonModuleOf } from './python/generator.js';
export { detectJsStyle, type JsTestStyle } from './js/style.js';
export { validateCandidates, type ValidateOptions, type ValidationOutcome } from './validate/validator.js';
export { installKeptTests, type InstallResult } from './validate/install.js';
export { runTests, type RunnerSpec, type TestRunResult } from './validate/run-tests.js';
export { createModelTestGenerator, MODEL_GENERATOR_ID } from './model/generator.js';
export { modelTestFileSchema } from './model/prompt.js';
