import { describe, expect, it } from 'vitest';
import { parseRegex } from './regex-parse.js';
import { regexRisk } from './regex-risk.js';

describe('regexRisk (JavaScript)', () => {
  it.each([
    ['^(a+)+$', 'nested-quantifier'],
    ['(a*)*b', 'nested-quantifier'],
    ['^(\\w+\\s?)*$', 'nested-quantifier'],
    ['^(\\d+\\.?)+$', 'nested-quantifier'],
    ['(.*a){2,}', 'nested-quantifier'],
    ['^(a?a)+$', 'nested-quantifier'],
    ['^([a-zA-Z0-9]{2,4})+$', 'nested-quantifier'],
    ['^(-?\\d+)+$', 'nested-quantifier'],
    ['^(?:x|(b+))+$', 'nested-quantifier'],
    ['^(a|a)*$', 'overlapping-alternation'],
    ['^(a|aa)+$', 'overlapping-alternation'],
    ['^(\\d|\\w)+$', 'overlapping-alternation'],
    ['(.|\\s)*', 'overlapping-alternation'],
    ['^(ab|a.)*$', 'overlapping-alternation'],
    ['^(A|a)+$', null],
  ])('/%s/ -> %s', (pattern, risk) => {
    expect(regexRisk(pattern, 'js', '')).toBe(risk);
  });

  it.each([
    '^(\\d+(?:\\.\\d+)?)(ms|s|m|h)$',
    '[^a-z0-9]+',
    '^-|-$',
    '^(a+b)+$',
    '^(\\w+\\s)+$',
    '^(?:[a-z0-9-]+\\.)+[a-z]{2,}$',
    '^(\\s*,\\s*)+$',
    '"([^"\\\\]|\\\\.)*"',
    '^(a?)+$',
    '\\s+$',
    '(a+){3}',
    '[(a+)+]',
    '\\(a+\\)+',
  ])('/%s/ is not reported', (pattern) => {
    expect(regexRisk(pattern, 'js', '')).toBeNull();
  });

  it('folds case with the i flag', () => {
    expect(regexRisk('^(A|a)+$', 'js', 'i')).toBe('overlapping-alternation');
  });

  it('gives null for patterns it cannot parse', () => {
    expect(regexRisk('(a+', 'js', '')).toBeNull();
    expect(parseRegex('a)', 'js', false)).toBeNull();
  });
});

describe('regexRisk (Python)', () => {
  it('reads Python-only syntax', () => {
    expect(regexRisk('(?P<word>\\w+\\s?)+\\Z', 'python', '')).toBe('nested-quantifier');
    expect(regexRisk('(?P<x>a)(?P=x)(?#comment)b{,3}', 'python', '')).toBeNull();
    expect(regexRisk('(?i)(A|a)+', 'python', '')).toBe('overlapping-alternation');
  });

  it('does not report possessive quantifiers and atomic groups', () => {
    expect(regexRisk('(a++)+', 'python', '')).toBeNull();
    expect(regexRisk('(?>(a+)+)', 'python', '')).toBeNull();
  });
});
