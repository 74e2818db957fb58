import { describe, expect, it } from 'vitest';
import { pythonPerformanceSmells } from './python-smells.js';

const smells = async (text: string): Promise<string[]> =>
  (await pythonPerformanceSmells(text, 'm.py')).map((f) => `${f.line} ${f.rule}`);

describe('pythonPerformanceSmells', () => {
  it('reports awaits in loops, not in async for or nested functions', async () => {
    const text = [
      'async def f(xs):',
      '    for x in xs:',
      '        await x',
      '    while await more():',
      '        pass',
      '    async for y in xs:',
      '        await y',
      '    for x in xs:',
      '        async def g():',
      '            await x',
      '        h = lambda: x',
    ].join('\n');
    expect(await smells(text)).toEqual(['3 performance/await-in-loop', '4 performance/await-in-loop']);
  });

  it('reports blocking calls in async def only', async () => {
    const text = [
      'import time, subprocess, requests',
      'async def f():',
      '    time.sleep(1)',
      '    subprocess.run(["ls"])',
      '    requests.post("u")',
      '    await asyncio.sleep(1)',
      'def g():',
      '    time.sleep(1)',
    ].join('\n');
    expect(await smells(text)).toEqual([
      '3 performance/blocking-call-in-async',
      '4 performance/blocking-call-in-async',
      '5 performance/blocking-call-in-async',
    ]);
  });

  it('reports a nested loop over the same collection, not over a different one', async () => {
    const text = [
      'def f(self, items, other):',
      '    for a in self.points:',
      '        if a:',
      '            for b in self.points:',
      '                pass',
      '    for a in items:',
      '        for b in other:',
      '            pass',
    ].join('\n');
    expect(await smells(text)).toEqual(['4 performance/nested-loop-same-collection']);
  });

  it('checks literal re patterns, with escapes and flags, not f-strings', async () => {
    const text = [
      'import re',
      'a = re.compile(r"(\\d+\\.?)+$")',
      'b = re.match("(\\\\w+\\\\s?)*$", s)',
      'c = re.search("(A|a)+", s, re.IGNORECASE)',
      'd = re.search("(A|a)+", s)',
      'e = re.compile(f"(a+)+{x}")',
      'f = re.compile(r"^[a-z]+$")',
    ].join('\n');
    expect(await smells(text)).toEqual([
      '2 performance/super-linear-regex',
      '3 performance/super-linear-regex',
      '4 performance/super-linear-regex',
    ]);
  });
});
