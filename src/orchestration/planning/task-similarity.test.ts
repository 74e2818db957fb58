import { describe, expect, it } from 'vitest';
import { domainOverlap, inferDomains, taskSimilarity, textSimilarity, tokenize } from './task-similarity.js';

describe('task similarity', () => {
  it('tokenizes snake_case, camelCase and prose, dropping stop words and id hashes', () => {
    expect(tokenize('Improve the testCoverage of auth_module')).toEqual([
      'improve',
      'test',
      'coverage',
      'auth',
      'module',
    ]);
    expect(tokenize('comp_release_prep_fc9051551555')).toEqual(['release', 'prep']);
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
