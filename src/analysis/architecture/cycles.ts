/**
 * Circular dependencies: strongly connected components (Tarjan, iterative) and a bounded
 * enumeration of the elementary cycles inside each component.
 *
 * Each cycle is listed once, in its canonical rotation: it starts at its lexicographically
 * smallest module and follows the import direction (`['a', 'b', 'c']` means a -> b -> c -> a).
 * Cycles are sorted by length, then lexicographically. The enumeration stops after `maxCycles`
 * cycles or `maxSteps` search steps and says so (`truncated`; the cycles listed are then the
 * first found in search order, not necessarily the shortest); the component list is always
 * complete.
 *
 * @module
 */

/** Result of {@link findCycles}. */
export interface CycleReport {
  /** Components with more than one module (every module in one of them is on some cycle). */
  components: string[][];
  /** Elementary cycles, canonical rotation, sorted. */
  cycles: string[][];
  /** True when the enumeration hit `maxCycles` or `maxSteps`. */
  truncated: boolean;
}

/** Bounds of {@link findCycles}. */
export interface CycleLimits {
  /** Most cycles listed (default 100). */
  maxCycles?: number;
  /** Most DFS steps of the enumeration (default 200 000). */
  maxSteps?: number;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Tarjan's strongly connected components, iterative (no recursion limit on deep graphs).
 *
 * @example
 * stronglyConnectedComponents(new Map([['a', ['b']], ['b', ['a']], ['c', []]]));
 * // [['a', 'b'], ['c']] (each component sorted)
 */
export function stronglyConnectedComponents(adj: ReadonlyMap<string, readonly string[]>): string[][] {
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  for (const start of adj.keys()) {
    if (indexOf.has(start)) continue;
    const work: { node: string; next: number }[] = [{ node: start, next: 0 }];
    indexOf.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const targets = adj.get(frame.node) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next++]!;
        if (!indexOf.has(target)) {
          indexOf.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, indexOf.get(target)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === indexOf.get(frame.node)) {
        const component: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component.sort(cmp));
      }
    }
  }
  return components;
}

/** Components on a cycle: more than one module, or one module importing itself. */
function nonTrivial(adj: ReadonlyMap<string, readonly string[]>, components: string[][]): string[][] {
  return components.filter((c) => c.length > 1 || (adj.get(c[0]!) ?? []).includes(c[0]!));
}

/**
 * Appends the elementary cycles through `start` inside `members` to `out`. Returns false when
 * a bound was hit (more than `maxCycles` cycles in `out`, or `maxSteps` steps in all).
 */
function cyclesThrough(
  start: string,
  adj: ReadonlyMap<string, readonly string[]>,
  members: ReadonlySet<string>,
  out: string[][],
  steps: { count: number },
  maxCycles: number,
  maxSteps: number,
): boolean {
  const successors = (node: string): string[] =>
    [...new Set(adj.get(node) ?? [])].filter((t) => members.has(t)).sort(cmp);
  const path: string[] = [start];
  const onPath = new Set<string>([start]);
  const frames: { targets: string[]; next: number }[] = [{ targets: successors(start), next: 0 }];
  while (frames.length > 0) {
    if (++steps.count > maxSteps || out.length > maxCycles) return false;
    const frame = frames[frames.length - 1]!;
    if (frame.next >= frame.targets.length) {
      frames.pop();
      onPath.delete(path.pop()!);
      continue;
    }
    const target = frame.targets[frame.next++]!;
    if (target === start) out.push([...path]);
    else if (!onPath.has(target)) {
      path.push(target);
      onPath.add(target);
      frames.push({ targets: successors(target), next: 0 });
    }
  }
  return out.length <= maxCycles;
}

/**
 * The circular dependencies of a directed graph.
 *
 * @example
 * findCycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]])).cycles; // [['a', 'b', 'c']]
 */
export function findCycles(
  adj: ReadonlyMap<string, readonly string[]>,
  limits: CycleLimits = {},
): CycleReport {
  const maxCycles = limits.maxCycles ?? 100;
  const maxSteps = limits.maxSteps ?? 200_000;
  const components = nonTrivial(adj, stronglyConnectedComponents(adj)).sort((a, b) => cmp(a[0]!, b[0]!));
  const cycles: string[][] = [];
  const steps = { count: 0 };
  let truncated = false;

  // Johnson's outer loop: take a component's smallest module s, list the cycles through s inside
  // the component, remove s, and continue with the components of what remains. Each cycle is
  // found once, starting at its smallest module (the canonical rotation).
  const queue = components.map((c) => [...c]);
  while (queue.length > 0) {
    const component = queue.pop()!;
    const members = new Set(component);
    const start = component[0]!;
    if (!cyclesThrough(start, adj, members, cycles, steps, maxCycles, maxSteps)) {
      truncated = true;
      break;
    }
    members.delete(start);
    steps.count += members.size; // the component recomputation below counts against the bound
    const rest = new Map<string, string[]>();
    for (const node of members)
      rest.set(
        node,
        (adj.get(node) ?? []).filter((t) => members.has(t)),
      );
    queue.push(...nonTrivial(rest, stronglyConnectedComponents(rest)));
  }
  if (cycles.length > maxCycles) cycles.length = maxCycles;
  cycles.sort((a, b) => a.length - b.length || cmp(a.join('\u0000'), b.join('\u0000')));
  return { components, cycles, truncated };
}
