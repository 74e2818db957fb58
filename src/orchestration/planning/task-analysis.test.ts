import { describe, expect, it } from 'vitest';
import { UserError } from '../../errors.js';
import { COMPLEXITY_KEYWORDS, analyzeTask } from './task-analysis.js';
import { DOMAIN_KEYWORDS, stem, tokenize } from './task-vocabulary.js';

describe('stem and tokenize', () => {
  it.each([
    ['test', 'test'],
    ['tests', 'test'],
    ['testing', 'test'],
    ['tested', 'test'],
    ['vulnerabilities', 'vulnerability'],
    ['profile', 'profil'],
    ['profiling', 'profil'],
    ['optimize', 'optimiz'],
    ['optimized', 'optimiz'],
    ['docs', 'doc'],
    ['analysis', 'analysis'],
    ['process', 'process'],
    ['add', 'add'],
    ['adding', 'add'],
    ['planned', 'plan'],
    ['speed', 'speed'],
  ])('stem(%s) = %s', (word, stemmed) => {
    expect(stem(word)).toBe(stemmed);
  });

  it('splits on anything but letters and digits', () => {
    expect(tokenize('Weigh the trade-offs (vs. caching)!')).toEqual([
      'weigh',
      'the',
      'trad',
      'off',
      'vs',
      'cach',
    ]);
  });
});

describe('keyword tables', () => {
  it('hold no two keywords that stem to the same words', () => {
    const tables = [...Object.values(DOMAIN_KEYWORDS).flat(), ...Object.values(COMPLEXITY_KEYWORDS).flat()];
    const domainStems = Object.values(DOMAIN_KEYWORDS)
      .flat()
      .map((k) => tokenize(k).join(' '));
    expect(new Set(domainStems).size).toBe(domainStems.length);
    for (const words of Object.values(COMPLEXITY_KEYWORDS)) {
      const stems = words.map((k) => tokenize(k).join(' '));
      expect(new Set(stems).size).toBe(stems.length);
    }
    expect(tables.every((k) => k === k.toLowerCase())).toBe(true);
  });
});

describe('analyzeTask domains', () => {
  it.each([
    ['Analyze the codebase for security issues and test gaps', ['security', 'testing']],
    ['Add tests for the session code and check it for injection flaws', ['testing', 'security']],
    ['Improve the testing of the parser', ['testing']],
    ['Analyze performance and documentation coverage', ['performance', 'documentation']],
    ['Prepare the v1.2 release', ['security', 'testing', 'code_quality', 'documentation']],
    ['Build an ETL pipeline for customer data', ['general']],
    ['Retest nothing; the latest contest attests nothing', ['general']],
  ])('%s -> %j', (task, domains) => {
    expect(analyzeTask(task).domains).toEqual(domains);
  });

  it('puts the domain with most keyword hits first, then the first mentioned', () => {
    expect(
      analyzeTask('Write docs for the cache; explain the latency and throughput figures').domains,
    ).toEqual(['performance', 'documentation']);
    expect(analyzeTask('Tidy the readme').domains).toEqual(['refactoring', 'documentation']);
  });

  it("adds domains hinted by context keys after the task's own", () => {
    const a = analyzeTask('Improve code quality', { performance_baseline: '10s', current_coverage: 75 });
    expect(a.domains).toEqual(['code_quality', 'testing', 'performance']);
    expect(a.signals).toContain('domain performance: hinted by context.performance_baseline');
    expect(analyzeTask('Make it better', { current_quality_score: 6.5 }).domains).toEqual(['code_quality']);
  });
});

describe('analyzeTask complexity', () => {
  it.each([
    ['Fix a typo in the README', 'simple'],
    ['Check for security vulnerabilities', 'simple'],
    ['Improve code quality', 'moderate'],
    ['Boost test coverage to 90%', 'moderate'],
    ['Do something about it', 'moderate'],
    ['Migrate the build scripts to the new bundler', 'complex'],
    ['Redesign the caching layer', 'complex'],
  ] as const)('%s -> %s', (task, complexity) => {
    expect(analyzeTask(task).complexity).toBe(complexity);
  });

  it('raises complexity from context.files, a low quality score and many domains', () => {
    expect(analyzeTask('Fix a typo', { files: ['a.ts'] }).complexity).toBe('simple');
    expect(
      analyzeTask('Fix a typo', { files: Array.from({ length: 12 }, (_, i) => `f${i}.ts`) }).complexity,
    ).toBe('moderate');
    expect(analyzeTask('Fix a typo', { files: 150 }).complexity).toBe('complex');
    expect(analyzeTask('Fix a typo', { current_quality_score: 3 }).complexity).toBe('moderate');
    expect(analyzeTask('Check security, tests, docs and performance').complexity).toBe('complex');
  });

  it('takes context.complexity as given and rejects an unknown one', () => {
    expect(analyzeTask('Fix a typo', { complexity: 'complex' }).complexity).toBe('complex');
    expect(() => analyzeTask('Fix a typo', { complexity: 'huge' })).toThrow(
      /unknown context.complexity "huge"; use one of: simple, moderate, complex/,
    );
  });
});

describe('analyzeTask intents', () => {
  it.each([
    ['Audit the code for hard-coded secrets', true],
    ['Review the architecture', true],
    ['Analyze the codebase for security issues and test gaps', true],
    ['Analyze performance', false],
    ['Generate tests and check them', false],
    ['Compare two caching approaches and check the latency', false],
  ])('%s -> parallelizable %s', (task, parallelizable) => {
    expect(analyzeTask(task).parallelizable).toBe(parallelizable);
  });

  it('lets context.parallelizable decide rule 1', () => {
    expect(analyzeTask('Generate tests', { parallelizable: true }).parallelizable).toBe(true);
    expect(analyzeTask('Review the architecture', { parallelizable: false }).parallelizable).toBe(false);
  });

  it('detects decisions and test generation', () => {
    expect(analyzeTask('Decide between PostgreSQL and MongoDB').decision).toBe(true);
    expect(analyzeTask('Weigh the pros and cons of caching').decision).toBe(true);
    expect(analyzeTask('Improve caching').decision).toBe(false);
    expect(analyzeTask('Boost test coverage').generation).toBe(true);
    expect(analyzeTask('Measure test coverage').generation).toBe(false);
    expect(analyzeTask('Measure test coverage', { target_coverage: 90 }).generation).toBe(true);
    expect(analyzeTask('Write documentation').generation).toBe(false);
  });

  it('rejects an empty task', () => {
    expect(() => analyzeTask('   ')).toThrow(UserError);
    expect(() => analyzeTask(undefined as unknown as string)).toThrow(/task must be a non-empty sentence/);
  });
});
