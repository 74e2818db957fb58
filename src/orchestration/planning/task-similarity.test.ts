import { describe, expect, it } from 'vitest';
import { analyzeTask } from './task-analysis.js';
import {
  TASK_DOMAINS,
  contentTokens,
  domainOverlap,
  inferDomains,
  taskSimilarity,
  textSimilarity,
} from './task-similarity.js';

describe('task similarity', () => {
  it('tokenizes snake_case, camelCase and prose with the task vocabulary, dropping stop words and id hashes', () => {
    expect(contentTokens('Improve the testCoverage of auth_module')).toEqual([
      'improv',
      'test',
      'coverag',
      'auth',
      'modul',
    ]);
    expect(contentTokens('comp_release_prep_fc9051551555')).toEqual(['releas', 'prep']);
  });

  it('matches abbreviations by prefix and scores unrelated tasks 0', () => {
    expect(textSimilarity('release preparation', 'release_prep')).toBe(1);
    expect(textSimilarity('boost test coverage', 'test_coverage_boost')).toBe(1);
    expect(textSimilarity('security audit of auth', 'security_audit')).toBeCloseTo((2 + 2) / (3 + 2), 12);
    expect(textSimilarity('write documentation', 'performance benchmark')).toBe(0);
    expect(textSimilarity('', 'anything')).toBe(0);
  });

  it('infers domains from keywords', () => {
    expect(inferDomains('increase test coverage to 90%')).toEqual(['testing']);
    expect(inferDomains('find vulnerabilities and hard-coded secrets')).toEqual(['security']);
    expect(inferDomains('release_prep')).toEqual(['testing', 'security', 'code_quality', 'documentation']);
    expect(inferDomains('do the thing')).toEqual([]);
  });

  it('classifies a sentence the way task analysis does (one vocabulary)', () => {
    for (const sentence of [
      'Analyze the codebase for security issues and test gaps',
      'find vulnerabilities and hard-coded secrets',
      'document the public API and add a usage example',
      'profile the hot path and reduce memory usage',
      'remove dead code and duplicated helpers',
      'prepare the release',
      'check coupling between layers',
      'fix the bug in the changelog',
      'audit the dependencies',
    ]) {
      const planned: string[] = analyzeTask(sentence).domains.filter((d) => d !== 'general');
      expect(inferDomains(sentence)).toEqual(TASK_DOMAINS.filter((d) => planned.includes(d)));
    }
  });

  it('combines text and domain overlap, ignoring "general"', () => {
    expect(domainOverlap(['security', 'testing'], ['security'])).toBe(0.5);
    const s = taskSimilarity(
      { text: 'audit auth code', domains: ['security'] },
      { text: 'security_audit', domains: ['security'] },
    );
    expect(s.domainOverlap).toBe(1);
    expect(s.score).toBeCloseTo(0.6 * s.textSimilarity + 0.4, 12);
    const g = taskSimilarity(
      { text: 'x task', domains: ['general'] },
      { text: 'y task', domains: ['general'] },
    );
    expect(g.domainOverlap).toBeNull();
  });
});
