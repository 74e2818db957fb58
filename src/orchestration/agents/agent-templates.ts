/**
 * The built-in agent templates (spec section "Agent Templates": the seven of the spec plus
 * `test_generator` and `test_validator` for the test-coverage pipeline) and the module-level
 * template API: {@link getTemplate}, {@link getAllTemplates}, {@link getTemplatesByCapability},
 * {@link getTemplatesByTier}, {@link registerTemplate}, {@link unregisterTemplate}.
 *
 * Each template's `tools` names the means (analysis tool, generator) that does its work;
 * other modules register means under exactly these names.
 *
 * @module
 */
import type { AgentTemplate, Tier } from '../../types.js';
import { TemplateRegistry, type AgentTemplateSpec } from './template-registry.js';

/** Shared closing paragraph: how every built-in agent reports what it could not measure. */
const FAIL_CLOSED =
  'If a figure cannot be measured (tool missing, report stale or unreadable, command failed), return it as null ' +
  'with a not_measured entry {figure, reason, fix}; never report it as zero or clean. Name the source of every ' +
  'figure (tool, version, files counted).';

/** The ten built-in template definitions, in the order `getAllTemplates()` lists them. */
export const BUILT_IN_TEMPLATE_SPECS: readonly AgentTemplateSpec[] = [
  {
    id: 'test_coverage_analyzer',
    role: 'Test Coverage Expert',
    capabilities: ['analyze_gaps', 'suggest_tests', 'validate_coverage'],
    tierPreference: 'CAPABLE',
    tools: ['coverage_analysis'],
    defaultInstructions:
      'Measure the line coverage of the project at the given path: read a coverage report that is newer than every ' +
      "source file it covers (istanbul json, lcov, coverage.py json, Cobertura), otherwise run the project's own tests " +
      'with coverage under the timeout. Return total line coverage (coverage), per-file coverage with uncovered ' +
      'lines, and the gaps ranked by uncovered lines (weighted by priority_modules when given), each with the ' +
      `functions that should get tests first. ${FAIL_CLOSED}`,
    qualityGates: { min_coverage: 80 },
  },
  {
    id: 'security_auditor',
    role: 'Security Auditor',
    capabilities: ['vulnerability_scan', 'threat_modeling', 'compliance_check'],
    tierPreference: 'PREMIUM',
    tools: ['security_scan'],
    defaultInstructions:
      'Scan the project for security problems: JS/TS code rules (eslint-plugin-security, eslint-plugin-no-unsanitized), ' +
      'hard-coded secrets (secretlint; always critical), Python rules (bandit or our tree-sitter rules: eval/exec, ' +
      'pickle, yaml.load, shell=True, weak hashes, verify=False) and dependency advisories when the registry answers. ' +
      'Return the findings with file, line, rule and severity, and the counts critical_issues, high_issues, ' +
      `medium_issues, low_issues. An unavailable dependency audit is a warning, not zero advisories. ${FAIL_CLOSED}`,
    qualityGates: { max_critical: 0, max_high: 0 },
  },
  {
    id: 'code_reviewer',
    role: 'Code Quality Reviewer',
    capabilities: ['code_review', 'quality_assessment', 'best_practices_check', 'evaluate_tradeoffs'],
    tierPreference: 'CAPABLE',
    tools: ['quality_analysis'],
    defaultInstructions:
      'Assess maintainability with a fixed, documented rule set so scores compare across repositories: lint errors ' +
      "and warnings, type errors (the repository's own tsconfig; pyright for Python when installed), functions whose " +
      'cognitive complexity exceeds 15, and duplicated lines. Return quality_score (0-10, SQALE-style from remediation ' +
      'minutes over lines of code), every component behind it, max_complexity, and the worst files with the reasons. ' +
      `When asked to weigh options, judge them on simplicity and maintainability. ${FAIL_CLOSED}`,
    qualityGates: { min_quality: 7, max_complexity: 15 },
  },
  {
    id: 'documentation_writer',
    role: 'Documentation Specialist',
    capabilities: ['generate_docs', 'check_completeness', 'update_examples'],
    tierPreference: 'CHEAP',
    tools: ['doc_coverage'],
    defaultInstructions:
      'Measure API documentation: for JS/TS every exported declaration (following re-exports) with a JSDoc/TSDoc ' +
      'comment, for Python every public module, class and function with a docstring. Return doc_coverage (documented ' +
      'public symbols / public symbols, in percent), the undocumented symbols with file and line, and README sections ' +
      `that are missing or refer to commands and options that no longer exist. ${FAIL_CLOSED}`,
    qualityGates: { min_doc_coverage: 100 },
  },
  {
    id: 'performance_optimizer',
    role: 'Performance Engineer',
    capabilities: ['profile_code', 'identify_bottlenecks', 'suggest_optimizations', 'evaluate_tradeoffs'],
    tierPreference: 'CAPABLE',
    tools: ['performance_scan'],
    defaultInstructions:
      'Find performance problems: static smells (synchronous I/O on hot paths, work inside loops that could be ' +
      'hoisted, unbounded concurrency, N+1 queries) and, when the project has a benchmark command, run it and compare ' +
      'with the stored baseline. Return the findings with file and line, and regression_percent (slowest benchmark ' +
      `against its baseline). When asked to weigh options, judge them on speed, memory and running cost. ${FAIL_CLOSED}`,
    qualityGates: { max_regression: 5 },
    resourceRequirements: { timeoutSeconds: 900 },
  },
  {
    id: 'architecture_analyst',
    role: 'Architecture Analyst',
    capabilities: ['analyze_architecture', 'identify_patterns', 'suggest_improvements', 'evaluate_tradeoffs'],
    tierPreference: 'PREMIUM',
    tools: ['architecture_analysis'],
    defaultInstructions:
      'Build the module import graph of the project and analyse it: circular imports (each cycle as a list of ' +
      'modules), fan-in and fan-out per module, layering violations, and modules that everything depends on. Return ' +
      'circular_dependencies (the number of cycles), the cycles, the coupling table, and concrete suggestions that ' +
      `name the imports to move or invert. When asked to weigh options, judge them on structure and scale. ${FAIL_CLOSED}`,
    qualityGates: { max_circular: 0 },
  },
  {
    id: 'refactoring_specialist',
    role: 'Refactoring Specialist',
    capabilities: ['identify_code_smells', 'suggest_refactorings', 'validate_changes'],
    tierPreference: 'CAPABLE',
    tools: ['refactoring_scan'],
    defaultInstructions:
      'Find refactoring targets: duplicated blocks (jscpd), functions whose cognitive complexity exceeds 10, long ' +
      'parameter lists and dead exports. Return duplication_percent, max_complexity, and a ranked list of hot spots ' +
      '(file, lines, smell, suggested refactoring). When validating changes, compare the figures before and after and ' +
      `report any that got worse. ${FAIL_CLOSED}`,
    qualityGates: { max_duplication: 5, max_complexity: 10 },
  },
  {
    id: 'test_generator',
    role: 'Test Generation Specialist',
    capabilities: ['generate_tests', 'synthesize_inputs', 'write_test_files'],
    tierPreference: 'CAPABLE',
    tools: ['test_generation'],
    defaultInstructions:
      'Generate candidate tests for the coverage gaps handed over by the coverage analyzer, most valuable first: ' +
      'synthesise inputs from parameter types, defaults, literals in existing tests and edge values, keep the calls ' +
      "that add coverage, and emit tests in the project's own runner and module style that assert the observed " +
      'results or errors. Drop anything non-deterministic. Return the candidate tests (target file, test file, code, ' +
      'the lines each should cover) and calls that threw as possible bugs. Never change existing files.',
    qualityGates: {},
    resourceRequirements: { timeoutSeconds: 900, memoryMb: 2_048 },
  },
  {
    id: 'test_validator',
    role: 'Quality Assurance Validator',
    capabilities: ['validate_tests', 'detect_flaky_tests', 'measure_coverage_gain'],
    tierPreference: 'CAPABLE',
    tools: ['test_validation'],
    defaultInstructions:
      'Validate the candidate tests from the test generator: run each one alone, with a timeout, three times; keep it ' +
      'only if it passes every run and strictly raises coverage. Write kept tests as new files. Return tests_kept, ' +
      'tests_rejected with the reason (failed, flaky, no coverage gain), coverage before and after, and failures ' +
      `that expose a throw in the code as possible bugs. ${FAIL_CLOSED}`,
    qualityGates: { min_consecutive_passes: 3, max_flaky_tests: 0 },
    resourceRequirements: { timeoutSeconds: 900, memoryMb: 2_048 },
  },
  {
    id: 'code_fixer',
    role: 'Code Fixer',
    capabilities: ['fix_issues', 'apply_autofixes', 'validate_changes'],
    tierPreference: 'CAPABLE',
    tools: ['code_fix'],
    defaultInstructions:
      'Fix what the analysers found, as a patch, never an edit in place: the auto-fixes the tools already know ' +
      "(ESLint's fixable rules of the quality baseline, unused imports, one-line security fixes such as yaml.load -> " +
      'yaml.safe_load). Verify each fix in a scratch copy: keep it only when its finding is gone, no new finding ' +
      'appears and every test that passed before still passes. Return the unified diff of the kept fixes and the ' +
      `rejected ones with the reason. ${FAIL_CLOSED}`,
    qualityGates: {},
    resourceRequirements: { timeoutSeconds: 900, memoryMb: 2_048 },
  },
];

/** Ids of the built-in templates. */
export const BUILT_IN_TEMPLATE_IDS: readonly string[] = Object.freeze(
  BUILT_IN_TEMPLATE_SPECS.map((spec) => spec.id),
);

/** The process-wide template registry, pre-filled with the built-in templates. */
export const defaultTemplateRegistry = new TemplateRegistry(BUILT_IN_TEMPLATE_SPECS);

/**
 * The template with `id` (frozen). An unknown id is a `UserError` that lists the known ids.
 *
 * @example
 * getTemplate('test_coverage_analyzer').role; // 'Test Coverage Expert'
 */
export function getTemplate(id: string): AgentTemplate {
  return defaultTemplateRegistry.get(id);
}

/**
 * Every registered template: the built-ins first, then custom ones in registration order.
 *
 * @example
 * getAllTemplates().map((t) => t.id);
 */
export function getAllTemplates(): AgentTemplate[] {
  return defaultTemplateRegistry.all();
}

/**
 * Templates that list `capability`, e.g. `vulnerability_scan`.
 *
 * @example
 * getTemplatesByCapability('vulnerability_scan'); // [security_auditor]
 */
export function getTemplatesByCapability(capability: string): AgentTemplate[] {
  return defaultTemplateRegistry.byCapability(capability);
}

/**
 * Templates whose preferred tier is `tier`; an unknown tier is a `UserError`.
 *
 * @example
 * getTemplatesByTier('CHEAP'); // [documentation_writer]
 */
export function getTemplatesByTier(tier: Tier): AgentTemplate[] {
  return defaultTemplateRegistry.byTier(tier);
}

/**
 * Validates a custom template (see `createTemplate`) and adds it to the default registry;
 * returns the frozen template. A duplicate id is a `UserError`.
 *
 * @example
 * registerTemplate({
 *   id: 'data_pipeline_expert', role: 'Data Pipeline Specialist', capabilities: ['pipeline_design'],
 *   tierPreference: 'CAPABLE', tools: ['dbt'], defaultInstructions: 'Design scalable data pipelines.',
 * });
 */
export function registerTemplate(spec: AgentTemplateSpec | AgentTemplate): AgentTemplate {
  return defaultTemplateRegistry.register(spec);
}

/** Removes a custom template from the default registry (for tests); returns false when absent. */
export function unregisterTemplate(id: string): boolean {
  return defaultTemplateRegistry.unregister(id);
}
