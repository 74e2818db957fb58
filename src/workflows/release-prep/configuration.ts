/**
 * Where the settings of a release-prep run came from, as the report shows it: the files read,
 * the source of every threshold and of the agent list, the settings of the repository (or a
 * policy) that were ignored and why, and every default release gate whose agent the
 * configuration dropped ("Security: not run, disabled by empathy.config.json").
 *
 * @module
 */
import type { AgentTemplate } from '../../types.js';
import { gatesFor, RELEASE_GATES, type QualityGateResult } from './gates.js';

/** A setting that was not honoured (see workflows/config/trust.ts). */
export interface IgnoredSettingInfo {
  key: string;
  reason: string;
  source: string;
}

/** What the caller (the CLI's options resolver) knows about the run's configuration. */
export interface ConfigurationInput {
  files: {
    repository: string | null;
    policy: string | null;
    user: string | null;
    repositoryIgnored: boolean;
  };
  /** Source of each threshold key that was set; a key absent here has its default. */
  thresholdSources: Record<string, string>;
  /** Source of the agent list (`default` when the default team runs). */
  agentsSource: string;
  ignored: IgnoredSettingInfo[];
}

/** A default release gate that did not run because its agent was left out. */
export interface DisabledGate {
  name: string;
  agentId: string;
  critical: boolean;
  /** What left the agent out: the source of the agent list. */
  source: string;
}

/** The configuration part of a release report. */
export interface ConfigurationInfo extends ConfigurationInput {
  disabledGates: DisabledGate[];
}

/** The configuration of a run given no configuration at all (library use). */
export const DEFAULT_CONFIGURATION_INPUT: ConfigurationInput = {
  files: { repository: null, policy: null, user: null, repositoryIgnored: false },
  thresholdSources: {},
  agentsSource: 'default',
  ignored: [],
};

/** The default release gates whose agents are not in `agents`, with the source that dropped them. */
export function disabledGatesOf(agents: readonly AgentTemplate[], source: string): DisabledGate[] {
  const ids = new Set(agents.map((a) => a.id));
  return RELEASE_GATES.filter((g) => !ids.has(g.agentId)).map((g) => ({
    name: g.name,
    agentId: g.agentId,
    critical: g.critical,
    source,
  }));
}

/** One line per disabled gate, e.g. `Security: not run, disabled by empathy.config.json`. */
export function disabledGateLine(gate: DisabledGate): string {
  return `${gate.name}: not run, disabled by ${gate.source}`;
}

/**
 * The agents of `configured` that have a gate and are missing from `reused` (a composition
 * from the learning store). A reused composition may change tiers, order or strategy, never
 * drop such an agent: the workflow then composes afresh.
 */
export function droppedRequiredAgents(
  reused: readonly AgentTemplate[],
  configured: readonly AgentTemplate[],
): string[] {
  const present = new Set(reused.map((a) => a.id));
  const gated = new Set(gatesFor(configured).map((g) => g.agentId));
  return configured.filter((a) => gated.has(a.id) && !present.has(a.id)).map((a) => a.id);
}

/** The configuration as lines of text (console and Markdown). */
export function configurationLines(info: ConfigurationInfo, gates: readonly QualityGateResult[]): string[] {
  const files = info.files;
  const lines = [
    `Repository config: ${files.repositoryIgnored ? 'ignored (--no-repo-config)' : (files.repository ?? 'none')}`,
    `Policy: ${files.policy ?? 'none'}`,
    `User config: ${files.user ?? 'none'}`,
    `Agents from: ${info.agentsSource}`,
    ...gates.map((g) => `Threshold of ${g.name}: ${g.threshold} from ${g.thresholdSource ?? 'default'}`),
    ...info.ignored.map((i) => `Ignored ${i.key} (${i.source}): ${i.reason}`),
  ];
  return lines;
}

/** The wire form (snake_case) of {@link ConfigurationInfo}. */
export function configurationToJSON(info: ConfigurationInfo): Record<string, unknown> {
  return {
    files: {
      repository: info.files.repository,
      policy: info.files.policy,
      user: info.files.user,
      repository_ignored: info.files.repositoryIgnored,
    },
    agents_source: info.agentsSource,
    ignored_settings: info.ignored.map((i) => ({ key: i.key, reason: i.reason, source: i.source })),
    disabled_gates: info.disabledGates.map((g) => ({
      name: g.name,
      agent_id: g.agentId,
      critical: g.critical,
      source: g.source,
      message: disabledGateLine(g),
    })),
  };
}
/**
 * The blocker of a run in which none of the critical release gates (Security, Test Coverage,
 * Code Quality) was evaluated: such a release is never approved.
 */
export function noCriticalGateBlocker(configuration: ConfigurationInfo): string {
  const dropped = configuration.disabledGates.filter((g) => g.critical);
  const by = [...new Set(dropped.map((g) => g.source))].join(', ');
  return `no critical gate was evaluated: ${dropped.map((g) => g.name).join(', ')} did not run${by ? ` (disabled by ${by})` : ''}; a release needs at least one`;
}
