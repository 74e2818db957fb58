/**
 * The explicit registry of test generators (no directory scanning). The offline JS/TS and
 * Python generators are registered by {@link createDefaultGeneratorRegistry}; a model-based
 * generator registers itself with {@link TestGeneratorRegistry.register} when a provider is
 * configured.
 *
 * @module
 */
import { UserError } from '../errors.js';
import type { Gap, GenerationContext, TestGenerator } from './types.js';

/**
 * Test generators in registration order; for a gap, every generator that supports it runs.
 *
 * @example
 * const registry = createDefaultGeneratorRegistry();
 * registry.register(myModelGenerator);
 * const generators = await registry.forGap(gap, context);
 */
export class TestGeneratorRegistry {
  readonly #generators = new Map<string, TestGenerator>();

  /** Registers a generator; a second one with the same id is a `UserError` unless `replace` is set. */
  register(generator: TestGenerator, options: { replace?: boolean } = {}): this {
    if (!generator || typeof generator.id !== 'string' || !/^[a-z][a-z0-9_.-]*$/.test(generator.id)) {
      throw new UserError(`invalid test generator id ${JSON.stringify(generator?.id)}: use lower case letters, digits, '_', '-' or '.'`);
    }
    if (typeof generator.generate !== 'function' || typeof generator.supports !== 'function') {
      throw new UserError(`test generator ${generator.id} needs supports(gap, context) and generate(gap, context) functions`);
    }
    if (this.#generators.has(generator.id) && !options.replace) {
      throw new UserError(`test generator ${generator.id} is already registered; pass { replace: true } to replace it`);
    }
    this.#generators.set(generator.id, generator);
    return this;
  }

  /** Removes a generator; returns whether it was registered. */
  unregister(id: string): boolean {
    return this.#generators.delete(id);
  }

  /** The generator with `id`, or undefined. */
  get(id: string): TestGenerator | undefined {
    return this.#generators.get(id);
  }

  /** All generators in registration order. */
  list(): TestGenerator[] {
    return [...this.#generators.values()];
  }

  /** The generators that support `gap`, in registration order. */
  async forGap(gap: Gap, context: GenerationContext): Promise<TestGenerator[]> {
    const out: TestGenerator[] = [];
    for (const generator of this.#generators.values()) if (await generator.supports(gap, context)) out.push(generator);
    return out;
  }
}

/**
 * A registry with the built-in offline generators (JS/TS and Python), loaded lazily.
 *
 * @example
 * const registry = createDefaultGeneratorRegistry();
 * registry.list().map((g) => g.id); // ['offline-js', 'offline-python']
 */
export async function createDefaultGeneratorRegistry(): Promise<TestGeneratorRegistry> {
  const [{ offlineJsGenerator }, { offlinePythonGenerator }] = await Promise.all([
    import('./js/generator.js'),
    import('./python/generator.js'),
  ]);
  return new TestGeneratorRegistry().register(offlineJsGenerator).register(offlinePythonGenerator);
}
