/**
 * A fixed-capacity ring buffer: the rolling in-memory request log (10,000
 * entries by default) that keeps memory flat on long runs.
 *
 * @module
 */

/** Keeps the most recent `capacity` items. */
export class RingBuffer<T> {
  readonly capacity: number;
  #items: (T | undefined)[];
  #next = 0;
  #size = 0;
  #pushed = 0;

  /** Creates an empty buffer holding at most `capacity` items. */
  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(
        `Cannot create ring buffer as 'capacity' must be a positive integer: current value is ${capacity}`,
      );
    }
    this.capacity = capacity;
    this.#items = new Array<T | undefined>(capacity);
  }

  /** Items currently held. */
  get size(): number {
    return this.#size;
  }

  /** Items ever pushed. */
  get pushed(): number {
    return this.#pushed;
  }

  /** Adds an item, dropping the oldest when full. */
  push(item: T): void {
    this.#items[this.#next] = item;
    this.#next = (this.#next + 1) % this.capacity;
    if (this.#size < this.capacity) this.#size++;
    this.#pushed++;
  }

  /** The items, oldest first. */
  toArray(): T[] {
    const out: T[] = [];
    const start = (this.#next - this.#size + this.capacity) % this.capacity;
    for (let i = 0; i < this.#size; i++) out.push(this.#items[(start + i) % this.capacity] as T);
    return out;
  }

  /** The most recent `n` items, oldest first. */
  last(n: number): T[] {
    const all = this.toArray();
    return all.slice(Math.max(0, all.length - n));
  }
}
