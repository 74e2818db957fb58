/**
 * Read-only snapshots of collections that keep growing, in O(1) per snapshot.
 *
 * The sequential strategy hands every agent all earlier outputs. Copying them for each agent
 * would cost O(n^2) over a pipeline of n agents; sharing one mutable object would let a later
 * agent's output show up in an earlier agent's context (and let agents change each other's
 * inputs). Instead each agent gets a read-only Proxy view of the first k entries. The proxy
 * handlers are shared module constants (no closures per view); a view's state lives on its
 * proxy target under a private symbol.
 *
 * @module
 */

const STATE = Symbol('growing-view-state');
const INDEX = /^(0|[1-9]\d*)$/;

interface ListState {
  items: readonly unknown[];
  size: number;
  name: string;
}

interface RecordState {
  keys: readonly string[];
  position: ReadonlyMap<string, number>;
  values: ReadonlyMap<string, unknown>;
  size: number;
  name: string;
}

function readOnly(name: string): never {
  throw new TypeError(`${name} is a read-only view of earlier agents' work`);
}

function listState(target: object): ListState {
  return (target as { [STATE]: ListState })[STATE];
}

function listIndex(state: ListState, key: string | symbol): number {
  if (typeof key !== 'string' || !INDEX.test(key)) return -1;
  const index = Number(key);
  return index < state.size ? index : -1;
}

const LIST_HANDLER: ProxyHandler<unknown[]> = {
  get(target, key, receiver) {
    const state = listState(target);
    if (key === 'length') return state.size;
    const index = listIndex(state, key);
    return index >= 0 ? state.items[index] : key === STATE ? undefined : Reflect.get(target, key, receiver);
  },
  has: (target, key) => listIndex(listState(target), key) >= 0 || (key !== STATE && Reflect.has(target, key)),
  ownKeys: (target) => [...Array.from({ length: listState(target).size }, (_, i) => String(i)), 'length'],
  getOwnPropertyDescriptor(target, key) {
    const state = listState(target);
    const index = listIndex(state, key);
    if (index >= 0)
      return { value: state.items[index], writable: false, enumerable: true, configurable: true };
    if (key === 'length')
      return { value: state.size, writable: true, enumerable: false, configurable: false };
    return undefined;
  },
  set: (target) => readOnly(listState(target).name),
  defineProperty: (target) => readOnly(listState(target).name),
  deleteProperty: (target) => readOnly(listState(target).name),
};

function recordState(target: object): RecordState {
  return (target as { [STATE]: RecordState })[STATE];
}

function visible(state: RecordState, key: string | symbol): key is string {
  return typeof key === 'string' && (state.position.get(key) ?? state.size) < state.size;
}

const RECORD_HANDLER: ProxyHandler<Record<string, unknown>> = {
  get(target, key, receiver) {
    const state = recordState(target);
    if (visible(state, key)) return state.values.get(key);
    return key === STATE ? undefined : Reflect.get(target, key, receiver);
  },
  has: (target, key) => visible(recordState(target), key) || (key !== STATE && Reflect.has(target, key)),
  ownKeys: (target) => recordState(target).keys.slice(0, recordState(target).size),
  getOwnPropertyDescriptor(target, key) {
    const state = recordState(target);
    return visible(state, key)
      ? { value: state.values.get(key), writable: false, enumerable: true, configurable: true }
      : undefined;
  },
  set: (target) => readOnly(recordState(target).name),
  defineProperty: (target) => readOnly(recordState(target).name),
  deleteProperty: (target) => readOnly(recordState(target).name),
};

/** A list that only grows; {@link GrowingList.view} returns a read-only snapshot of its current items. */
export class GrowingList<T> {
  /** Every item, in order (the owner's mutable array; agents only get views). */
  readonly items: T[] = [];

  /** Appends an item; existing views do not see it. */
  push(item: T): void {
    this.items.push(item);
  }

  /** A read-only array view of the items present now (later pushes do not show in it). */
  view(name: string): readonly T[] {
    const target: unknown[] = [];
    const state: ListState = { items: this.items, size: this.items.length, name };
    Object.defineProperty(target, STATE, { value: state, enumerable: false, configurable: true });
    return new Proxy(target, LIST_HANDLER) as readonly T[];
  }
}

/** A record that only grows (keys are never replaced); {@link GrowingRecord.view} snapshots it. */
export class GrowingRecord<T> {
  readonly #keys: string[] = [];
  readonly #position = new Map<string, number>();
  readonly #values = new Map<string, T>();
  readonly #plain: Record<string, T> = {};

  /** Adds `key`; a key already present is an error (use unique keys). */
  set(key: string, value: T): void {
    if (this.#position.has(key)) throw new TypeError(`key ${key} is already set`);
    this.#position.set(key, this.#keys.length);
    this.#keys.push(key);
    this.#values.set(key, value);
    this.#plain[key] = value;
  }

  /** Every entry as a plain object (for the final aggregated output; not handed to agents). */
  toObject(): Record<string, T> {
    return this.#plain;
  }

  /** A read-only object view of the entries present now (later entries do not show in it). */
  view(name: string): Readonly<Record<string, T>> {
    const target: Record<string, unknown> = {};
    const state: RecordState = {
      keys: this.#keys,
      position: this.#position,
      values: this.#values,
      size: this.#keys.length,
      name,
    };
    Object.defineProperty(target, STATE, { value: state, enumerable: false, configurable: true });
    return new Proxy(target, RECORD_HANDLER) as Readonly<Record<string, T>>;
  }
}
