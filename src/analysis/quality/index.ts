/**
 * The quality analyser (see `analyzer.ts`) and its score.
 *
 * @module
 */
export { qualityAnalyzer, QUALITY_ANALYZER_VERSION, TIER_COMPONENTS, scoredFiles } from './analyzer.js';
export type {
  QualityComponent,
  QualityComponentName,
  QualityComponentStatus,
  QualityFigures,
  QualityOptions,
} from './types.js';
export { SCORE_POINTS, scoreFromRatio, debtRatioPct, complexityMinutes } from './score.js';

