/**
 * Workflows: release-prep (and, as it lands, test-coverage), their reports, the
 * configuration file and the learning loop.
 *
 * @module
 */
export {
  OrchestratedReleasePrepWorkflow,
  RELEASE_AGENT_IDS,
  RELEASE_TASK_PATTERN,
  type ReleasePrepOptions,
  type ReleasePrepRequest,
  type ReleaseProgressEvent,
} from './release-prep/release-prep.js';
export {
  ReleaseReadinessReport,
  type ReleaseReportData,
  type CompositionInfo,
} from './release-prep/report.js';
export {
  RELEASE_GATES,
  gatesFor,
  evaluateGate,
  type GateDefinition,
  type QualityGateResult,
} from './release-prep/gates.js';
export {
  verdictConfidence,
  type ConfidenceLevel,
  type VerdictConfidence,
} from './release-prep/confidence.js';
export {
  loadConfig,
  parseConfig,
  configSchema,
  CONFIG_FILES,
  type EmpathyConfig,
  type LoadedConfig,
} from './config/config-file.js';
export {
  loadOptions,
  resolveOptions,
  releasePrepOptionsOf,
  type ResolvedOptions,
  type Sourced,
} from './config/resolve-options.js';
export { restrictConfig, ANALYZER_SETTINGS, type IgnoredSetting } from './config/trust.js';
export { userConfigPath, loadUserConfig, loadPolicyFile } from './config/user-config.js';
export { evaluateConfigModule } from './config/config-module.js';
export { isCriticalReleaseGate, CRITICAL_RELEASE_GATES } from './release-prep/gates.js';
export type { ConfigurationInfo, DisabledGate } from './release-prep/configuration.js';
export {
  createAnalysisRegistry,
  createAnalysisServices,
  type AnalysisServices,
} from './analysis-means.js';
export {
  findProvenTeam,
  qualityScoreFromGates,
  PROVEN_MIN_SUCCESS_RATE,
  PROVEN_MIN_USES,
} from './learning.js';
export {
  formatReport,
  getReportFormat,
  isReportFormatName,
  REPORT_FORMATS,
  REPORT_FORMAT_NAMES,
  type ReportFormatName,
  type ReportFormatOptions,
} from './report/index.js';
