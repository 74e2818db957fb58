/**
 * A bounded memo of file texts (least recently used out first), so `ProjectIndex.read`
 * reads a file once in the common case without holding a large tree in memory forever.
 *
 * @module
 */

/** Default budget of the text memo: 32 Mi characters (about 32-64 MB). */
export const DEFAULT_TEXT_MEMO_CHARS = 32 * 1024 * 1024;

/** An LRU map from path to text, bounded by the total number of characters held. */
export class TextMemo {
  private readonly texts = new Map<string, string>();
  private chars = 0;

  /** @param budgetChars the most characters held at once; a single larger text is not kept. */
  constructor(readonly budgetChars: number = DEFAULT_TEXT_MEMO_CHARS) {}

  /** The memoised text of `path` (and marks it recently used), or `undefined`. */
  get(path: string): string | undefined {
    const text = this.texts.get(path);
    if (text !== undefined) {
      this.texts.delete(path);
      this.texts.set(path, text);
    }
    return text;
  }

  /** Memoises `text` for `path`, evicting the least recently used texts over the budget. */
  set(path: string, text: string): void {
    const previous = this.texts.get(path);
    if (previous !== undefined) {
      this.texts.delete(path);
      this.chars -= previous.length;
    }
    if (text.length > this.budgetChars) return;
    this.texts.set(path, text);
    this.chars += text.length;
    for (const [oldest, old] of this.texts) {
      if (this.chars <= this.budgetChars) break;
      this.texts.delete(oldest);
      this.chars -= old.length;
    }
  }

  /** Characters currently held. */
  get size(): number {
    return this.chars;
  }
}
