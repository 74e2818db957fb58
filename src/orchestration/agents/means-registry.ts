/**
 * The means registry: where the tools an agent needs (`AgentTemplate.tools`) are found.
 *
 * A means is registered under its tool name. The analysis tools, test generators and
 * models of later layers register into {@link defaultMeansRegistry}; tests and users can
 * build their own {@link MeansRegistry} and hand it to an `AgentRunner`.
 *
 * @module
 */
import { UserError } from '../../errors.js';
import type { Means, MeansInput, MeansOutput } from '../../types.js';

const TOOL_NAME = /^[a-z][a-z0-9_.-]*$/;

/** What {@link defineMeans} takes: the same fields as {@link Means}. */
export interface MeansDefinition {
  /** The tool name, lower case (`security_scan`); templates list it in `tools`. */
  tool: string;
  /** One line: what it measures or does. */
  description: string;
  /** Does the work; throws when it cannot (the runner turns that into a failed result). */
  run(input: MeansInput): Promise<MeansOutput>;
  /** The means to run with a model, for a means that consults the model itself (see {@link Means.withModel}). */
  withModel?: Means['withModel'];
}

/**
 * Creates a validated {@link Means}.
 *
 * @throws UserError when the tool name is empty or malformed, the description is empty, or `run` is not a function.
 * @example
 * const lineCount = defineMeans({
 *   tool: 'line_count',
 *   description: 'Counts the lines of the files in the project',
 *   run: async ({ context }) => ({ output: { lines: await countLines(context.path) }, confidence: 1 }),
 * });
 * defaultMeansRegistry.register(lineCount);
 */
export function defineMeans(definition: MeansDefinition): Means {
  const { tool, description, run, withModel } = definition ?? ({} as MeansDefinition);
  if (typeof tool !== 'string' || !TOOL_NAME.test(tool)) {
    throw new UserError(
      `invalid means tool name ${JSON.stringify(tool)}: use lower case letters, digits, '_', '-' or '.', starting with a letter`,
    );
  }
  if (typeof description !== 'string' || description.trim() === '') {
    throw new UserError(`means ${tool} needs a non-empty description`);
  }
  if (typeof run !== 'function') {
    throw new UserError(`means ${tool} needs a run(input) function`);
  }
  return withModel ? { tool, description, run, withModel } : { tool, description, run };
}

/** Options of {@link MeansRegistry.register}. */
export interface RegisterMeansOptions {
  /** Replace a means already registered under the same tool name (default false: that is an error). */
  replace?: boolean;
}

/**
 * A set of means keyed by tool name. Explicit registration only: nothing is discovered
 * by scanning directories.
 *
 * @example
 * const registry = new MeansRegistry();
 * registry.register(defineMeans({ tool: 'echo', description: 'Echoes the context', run: async ({ context }) => ({ output: { ...context }, confidence: 1 }) }));
 * registry.has('echo'); // true
 */
export class MeansRegistry {
  readonly #means = new Map<string, Means>();

  /**
   * Registers a means under its tool name.
   *
   * @throws UserError when the means is invalid, or when its tool is already registered and `replace` is not set.
   */
  register(means: Means, options: RegisterMeansOptions = {}): this {
    const valid = defineMeans(means);
    if (this.#means.has(valid.tool) && !options.replace) {
      throw new UserError(
        `means for tool ${valid.tool} is already registered; pass { replace: true } to replace it`,
      );
    }
    // Keep the caller's object (it may carry state or methods beyond the interface).
    this.#means.set(valid.tool, means);
    return this;
  }

  /** Removes the means of `tool`; returns whether one was registered. */
  unregister(tool: string): boolean {
    return this.#means.delete(tool);
  }

  /** The means registered for `tool`, or `undefined`. */
  get(tool: string): Means | undefined {
    return this.#means.get(tool);
  }

  /** Whether a means is registered for `tool`. */
  has(tool: string): boolean {
    return this.#means.has(tool);
  }

  /** All registered means, sorted by tool name. */
  list(): Means[] {
    return [...this.#means.values()].sort((a, b) => a.tool.localeCompare(b.tool));
  }

  /** The tools of `tools` that have no registered means, in the given order (duplicates removed). */
  missing(tools: readonly string[]): string[] {
    return [...new Set(tools)].filter((tool) => !this.#means.has(tool));
  }
}

/**
 * The process-wide registry used by `AgentRunner` when none is given. The analysis
 * tools, generators and models of later layers register their means here.
 */
export const defaultMeansRegistry = new MeansRegistry();
