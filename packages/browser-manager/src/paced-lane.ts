/**
 * Work items taken one at a time, first come first served, each followed by a pause in proportion to
 * its own cost: after an item whose costly part took `d` ms, the next starts `d × (1 / share − 1)` ms
 * later, so that such work takes at most `share` of the lane's time however many items wait.
 *
 * Two bounds keep one item from holding up everyone else's: an item whose costly part has not started
 * within `holdMs` (it waits for something else, such as its session's running operation), or has not
 * ended within `maxRunMs` of starting (a hung browser), lets the next one go. It goes on by itself, and
 * its cost, once known, still pushes the next start back, so late items are paced too. An item that
 * fails reports no cost: a read that timed out says nothing about what reads cost.
 *
 * Why a lane: the state saver reads each busy session's storage state after activity. Paced per
 * session, 64 busy sessions still read ~50 states a second between them, ~15 % of the server's
 * throughput (measured with the reads switched off); a lane bounds the reads' share of the whole server.
 * Times are from `performance.now()`: a jump of the wall clock must not read as a long read.
 */
export class PacedLane<T> {
  readonly #waiting = new Set<T>();
  #running = false;
  #timer: NodeJS.Timeout | undefined;
  #nextAt = 0;
  /** The cost the last item reported: what an item that let the lane go on is assumed to cost meanwhile. */
  #lastCostMs = 0;

  /**
   * @param run does the item's work, calls `started` as its costly part begins, and resolves with the
   *   ms that part took (undefined: none), which sets the pause before the next item.
   */
  constructor(
    private readonly run: (item: T, started: () => void) => Promise<number | undefined>,
    private readonly share: number,
    private readonly holdMs: number,
    private readonly maxRunMs: number,
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
    const wait = this.#nextAt - performance.now();
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
    const release = () => {
      if (released) return;
      released = true;
      clearTimeout(hold);
      this.#running = false;
      this.#pump();
    };
    // Let go before its cost is known: paced as if it cost what the last one did, until it tells.
    const letGo = () => {
      this.#delayBy(this.#lastCostMs);
      release();
    };
    let hold = setTimeout(letGo, this.holdMs);
    hold.unref();
    const started = () => {
      if (released) return;
      clearTimeout(hold);
      hold = setTimeout(letGo, this.maxRunMs);
      hold.unref();
    };
    this.run(item, started).then(
      (costMs) => {
        // Charged even when the lane has gone on without it: a late item is paced as well.
        if (costMs !== undefined) {
          this.#lastCostMs = costMs;
          this.#delayBy(costMs);
        }
        release();
        this.#pump();
      },
      () => release(),
    );
  }

  /** The next item starts no sooner than the pause an item of `costMs` calls for, from now. */
  #delayBy(costMs: number): void {
    const next = performance.now() + costMs * (1 / this.share - 1);
    if (next <= this.#nextAt) return;
    this.#nextAt = next;
    // A pause already timed for an earlier start is timed again.
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }
}
