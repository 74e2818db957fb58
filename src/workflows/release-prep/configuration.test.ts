import { describe, expect, it } from 'vitest';
import { getTemplate, withTier } from '../../orchestration/index.js';
import {
  configurationLines,
  configurationToJSON,
  DEFAULT_CONFIGURATION_INPUT,
  disabledGatesOf,
  droppedRequiredAgents,
  noCriticalGateBlocker,
} from './configuration.js';
import { isCriticalReleaseGate } from './gates.js';

const team = (...ids: string[]) => ids.map((id) => getTemplate(id));

describe('disabledGatesOf', () => {
  it('lists every default gate whose agent is not in the team, with the source', () => {
    const gates = disabledGatesOf(team('documentation_writer'), 'empathy.config.json');
    expect(gates.map((g) => g.name)).toEqual(['Security', 'Test Coverage', 'Code Quality']);
    const info = {
      ...DEFAULT_CONFIGURATION_INPUT,
      agentsSource: 'empathy.config.json',
      disabledGates: gates,
    };
    expect((configurationToJSON(info)['disabled_gates'] as Array<{ message: string }>)[0]?.message).toBe(
      'Security: not run, disabled by empathy.config.json',
    );
    expect(noCriticalGateBlocker(info)).toBe(
      'no critical gate was evaluated: Security, Test Coverage, Code Quality did not run (disabled by empathy.config.json); a release needs at least one',
    );
  });

  it('lists nothing for the default team', () => {
    expect(
      disabledGatesOf(
        team('security_auditor', 'test_coverage_analyzer', 'code_reviewer', 'documentation_writer'),
        'default',
      ),
    ).toEqual([]);
  });
});

describe('droppedRequiredAgents', () => {
  it('allows other tiers and order, never a missing gated agent', () => {
    const configured = team('security_auditor', 'test_coverage_analyzer', 'documentation_writer');
    const retiered = [
      withTier(getTemplate('documentation_writer'), 'CHEAP'),
      ...team('test_coverage_analyzer', 'security_auditor'),
    ];
    expect(droppedRequiredAgents(retiered, configured)).toEqual([]);
    expect(droppedRequiredAgents(team('documentation_writer'), configured)).toEqual([
      'security_auditor',
      'test_coverage_analyzer',
    ]);
  });
});

describe('configurationLines and critical gates', () => {
  it('names the files, the agents source, each threshold source and each ignored setting', () => {
    const lines = configurationLines(
      {
        files: {
          repository: '/r/empathy.config.json',
          policy: '/p.json',
          user: null,
          repositoryIgnored: false,
        },
        thresholdSources: {},
        agentsSource: '/p.json',
        ignored: [{ key: 'provider.baseURL', reason: 'only you may set it', source: 'empathy.config.json' }],
        disabledGates: [],
      },
      [
        {
          name: 'Security',
          threshold: 0,
          actual: 0,
          passed: true,
          critical: true,
          message: '',
          source: '',
          agentId: 'security_auditor',
          thresholdSource: '--max-critical',
        },
      ],
    );
    expect(lines).toEqual([
      'Repository config: /r/empathy.config.json',
      'Policy: /p.json',
      'User config: none',
      'Agents from: /p.json',
      'Threshold of Security: 0 from --max-critical',
      'Ignored provider.baseURL (empathy.config.json): only you may set it',
    ]);
  });

  it('knows Security, Test Coverage and Code Quality as the critical release gates', () => {
    expect(isCriticalReleaseGate({ name: 'Security', agentId: 'security_auditor' })).toBe(true);
    expect(isCriticalReleaseGate({ name: 'Documentation', agentId: 'documentation_writer' })).toBe(false);
    expect(isCriticalReleaseGate({ name: 'Security', agentId: 'someone_else' })).toBe(false);
  });
});
