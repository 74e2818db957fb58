import { describe, expect, it } from 'vitest';
import { findCycles, stronglyConnectedComponents } from './cycles.js';

const graph = (edges: Record<string, string[]>): Map<string, string[]> => new Map(Object.entries(edges));

describe('stronglyConnectedComponents', () => {
  it('groups mutually reachable modules', () => {
    const sccs = stronglyConnectedComponents(graph({ a: ['b'], b: ['a', 'c'], c: ['d'], d: ['c'], e: [] }));
    expect(sccs.map((c) => c.join(',')).sort()).toEqual(['a,b', 'c,d', 'e']);
  });

  it('handles a long chain without recursion limits', () => {
    const edges: Record<string, string[]> = {};
    for (let i = 0; i < 20_000; i++) edges[`m${i}`] = [`m${i + 1}`];
    edges['m20000'] = ['m0'];
    expect(stronglyConnectedComponents(graph(edges))).toHaveLength(1);
  });
});

describe('findCycles', () => {
  it('lists each cycle once, in canonical rotation, shortest first', () => {
    // b->c->a->b and a->b->a share the component {a,b,c}.
    const report = findCycles(graph({ b: ['c', 'a'], c: ['a'], a: ['b'], d: ['a'] }));
    expect(report.cycles).toEqual([
      ['a', 'b'],
      ['a', 'b', 'c'],
    ]);
    expect(report.components).toEqual([['a', 'b', 'c']]);
    expect(report.truncated).toBe(false);
  });

  it('finds nothing in a DAG', () => {
    expect(findCycles(graph({ a: ['b', 'c'], b: ['c'], c: [] })).cycles).toEqual([]);
  });

  it('reports self-loops', () => {
    expect(findCycles(graph({ a: ['a'] })).cycles).toEqual([['a']]);
  });

  it('stops at the bound and says so; the bound is exact when reached without more cycles', () => {
    // A complete graph on 5 nodes has 84 elementary cycles.
    const nodes = ['a', 'b', 'c', 'd', 'e'];
    const complete = graph(Object.fromEntries(nodes.map((n) => [n, nodes.filter((m) => m !== n)])));
    expect(findCycles(complete).cycles).toHaveLength(84);
    const bounded = findCycles(complete, { maxCycles: 10 });
    expect(bounded.cycles).toHaveLength(10);
    expect(bounded.truncated).toBe(true);
    expect(findCycles(complete, { maxCycles: 84 }).truncated).toBe(false);
    expect(findCycles(complete, { maxSteps: 5 }).truncated).toBe(true);
  });
});

describe('findCycles on a long ring', () => {
  it('finds the one cycle without searching from every module', () => {
    const edges: Record<string, string[]> = {};
    for (let i = 0; i < 5_000; i++) edges[`m${i}`] = [`m${(i + 1) % 5_000}`];
    const report = findCycles(graph(edges), { maxSteps: 20_000 });
    expect(report.truncated).toBe(false);
    expect(report.cycles).toHaveLength(1);
    expect(report.cycles[0]![0]).toBe('m0');
  });
});
