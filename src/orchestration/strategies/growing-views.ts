/**
 * Read-only snapshots of collections that keep growing, in O(1) per snapshot.
 *
 * The sequential strategy hands every agent all earlier outputs. Copying them for each agent
 * would cost O(n^2) over a pipeline of n agents; sharing one mutable object would let a later
 * agent's output show up in an earlier agent's context (and let agents change each other's
 * inputs). Instead each agent gets a read-only Proxy view of the first k entries.
 *
 * @module
 */

function readOnly(what: string): never {
  throw new TypeError(`${what} is a read-only view of earlier agents' work`);
}

/** A list that only grows; {@link GrowingList.view} returns a read-only snapshot of its current items. */
export class GrowingList<T> {
  readonly items: T[] = [];

  push(item: T): void {
    this.items.push(item);
  }

  /** A read-only array view of the items present now (later pushes do not show in it). */
  view(name: string): readonly T[] {
    const items = this.items;
    const size = items.length;
    const isIndex = (key: string | symbol): boolean => typeof key === 'string' && /^(0|[1-9]\d*)$/.test(key) && Number(key) < size;
    return new Proxy([] as T[], {
      get(target, key, receiver) {
        if (key === 'length') return size;
        if (isIndex(key)) return items[Number(key as string)];
        return Reflect.get(target, key, receiver);
      },
      has: (target, key) => isIndex(key) || Reflect.has(target, key),
      ownKeys: () => [...Array.from({ length: size }, (_, i) => String(i)), 'length'],
      getOwnPropertyDescriptor(target, key) {
        if (isIndex(key)) return { value: items[Number(key as string)], writable: false, enumerable: true, configurable: true };
        if (key === 'length') return { value: size, writable: true, enumerable: false, configurable: false };
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
      set: () => readOnly(name),
      defineProperty: () => readOnly(name),
      deleteProperty: () => readOnly(name),
    });
  }
}

/** A record that only grows (keys are never replaced); {@link GrowingRecord.view} snapshots it. */
export class GrowingRecord<T> {
  readonly #keys: string[] = [];
  readonly #position = new Map<string, number>();
  readonly #values = new Map<string, T>();

  /** Adds `key`; a key already present is an error (use unique keys). */
  set(key: string, value: T): void {
    if (this.#position.has(key)) throw new TypeError(`key ${key} is already set`);
    this.#position.set(key, this.#keys.length);
    this.#keys.push(key);
    this.#values.set(key, value);
  }

  /** A plain-object copy of every entry (for the final aggregated output). */
  toObject(): Record<string, T> {
    return Object.fromEntries(this.#values);
  }

  /** A read-only object view of the entries present now (later entries do not show in it). */
  view(name: string): Readonly<Record<string, T>> {
    const keys = this.#keys;
    const position = this.#position;
    const values = this.#values;
    const size = keys.length;
    const visible = (key: string | symbol): key is string => typeof key === 'string' && (position.get(key) ?? size) < size;
    return new Proxy({} as Record<string, T>, {
      get: (target, key, receiver) => (visible(key) ? values.get(key) : Reflect.get(target, key, receiver)),
      has: (target, key) => visible(key) || Reflect.has(target, key),
      ownKeys: () => keys.slice(0, size),
      getOwnPropertyDescriptor: (_target, key) =>
        visible(key) ? { value: values.get(key), writable: false, enumerable: true, configurable: true } : undefined,
      set: () => readOnly(name),
      defineProperty: () => readOnly(name),
      deleteProperty: () => readOnly(name),
    });
  }
}
