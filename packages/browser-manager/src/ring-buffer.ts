/** Keeps the newest `capacity` items. */
export class RingBuffer<T> {
  readonly #items: T[] = [];

  constructor(readonly capacity: number) {}

  push(item: T): void {
    this.#items.push(item);
    if (this.#items.length > this.capacity) this.#items.shift();
  }

  /** The newest `limit` items, oldest first. */
  latest(limit = this.capacity): T[] {
    return this.#items.slice(-limit);
  }
}
