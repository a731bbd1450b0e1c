/**
 * Work items taken one at a time, first come first served, each followed by a pause in proportion to
 * its own cost: after an item whose costly part took `d` ms, the next starts `d × (1 / share − 1)` ms
 * later, so that such work takes at most `share` of the lane's time however many items wait. An item
 * whose costly part has not started within `holdMs` (it waits for something else, such as its session's
 * running operation) lets the next one go and goes on by itself: one long wait must not hold up
 * everyone else's items; the part that costs is always waited for and paced.
 *
 * Why a lane: the state saver reads each busy session's storage state after activity. Paced per
 * session, 64 busy sessions still read ~50 states a second between them, ~15 % of the server's
 * throughput (measured with the reads switched off); a lane bounds the reads' share of the whole server.
 */
export class PacedLane<T> {
  readonly #waiting = new Set<T>();
  #running = false;
  #timer: NodeJS.Timeout | undefined;
  #nextAt = 0;

  /**
   * @param run does the item's work, calls `started` as its costly part begins, and resolves with the
   *   ms that part took (undefined: none), which sets the pause before the next item.
   */
  constructor(
    private readonly run: (item: T, started: () => void) => Promise<number | undefined>,
    private readonly share: number,
    private readonly holdMs: number,
  ) {}

  /** Queues `item` (once: an item already waiting keeps its place). */
  add(item: T): void {
    this.#waiting.add(item);
    this.#pump();
  }

  has(item: T): boolean {
    return this.#waiting.has(item);
  }

  delete(item: T): void {
    this.#waiting.delete(item);
  }

  /** Drops everything waiting; an item running goes on. */
  clear(): void {
    this.#waiting.clear();
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  get size(): number {
    return this.#waiting.size;
  }

  #pump(): void {
    if (this.#running || this.#timer || this.#waiting.size === 0) return;
    const wait = this.#nextAt - Date.now();
    if (wait > 0) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#pump();
      }, wait);
      this.#timer.unref();
      return;
    }
    const item = this.#waiting.values().next().value as T;
    this.#waiting.delete(item);
    this.#running = true;
    let released = false;
    const release = (costMs: number | undefined) => {
      if (released) return;
      released = true;
      clearTimeout(hold);
      this.#running = false;
      this.#nextAt = Date.now() + (costMs ?? 0) * (1 / this.share - 1);
      this.#pump();
    };
    const hold = setTimeout(() => release(undefined), this.holdMs);
    hold.unref();
    const started = () => clearTimeout(hold);
    this.run(item, started).then(release, () => release(undefined));
  }
}
