import { describe, expect, it } from 'vitest';
import { compareText } from './compare-text.js';

describe('compareText', () => {
  it('orders every pair as String.prototype.localeCompare does (case, accents, digits, punctuation, paths, non-Latin)', () => {
    const words = [
      'src/a.py', 'src/B.py', 'src/b.py', 'src/a/b.py', 'src/a-b.py', 'src/a_b.py', 'src/a.b.py', 'src/ä.py', 'src/z.py',
      'lib/10.js', 'lib/9.js', 'lib/1.js', 'Lib/1.js', '', ' ', 'security/detect-eval', 'security/detect_eval',
      'empathy/suppression-without-reason', 'bandit/B605', 'bandit/b605', 'ß', 'ss', 'é', 'e', 'E', 'ё', 'е', '日本', '中文', '🙂', 'a\u0301', 'á',
    ];
    for (const a of words) for (const b of words) expect(Math.sign(compareText(a, b))).toBe(Math.sign(a.localeCompare(b)));
    expect([...words].sort(compareText)).toEqual([...words].sort((a, b) => a.localeCompare(b)));
  });
});
