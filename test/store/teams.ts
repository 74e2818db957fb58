/**
 * Teams used by the store tests and their child processes.
 *
 * @module
 */
import type { AgentConfigurationInit } from '../../src/orchestration/learning/agent-configuration.js';

/** The team the concurrency and crash tests record outcomes on. */
export function concurrencyTeam(tags: string[] = []): AgentConfigurationInit {
  return {
    taskPattern: 'release_prep',
    strategy: 'parallel',
    agents: [
      { role: 'security_auditor', tier: 'PREMIUM' },
      { role: 'test_coverage_analyzer', tier: 'CAPABLE' },
      { role: 'code_reviewer', tier: 'CAPABLE' },
      { role: 'documentation_writer', tier: 'CHEAP' },
    ],
    qualityGates: { min_coverage: 80, max_critical_issues: 0 },
    tags,
  };
}
