/**
 * A live stream from the server, read with `for await`. Closing it — `close()`, leaving the loop
 * (`break`, `return`, a throw), `await using`, or aborting the `signal` it was opened with — ends the
 * iteration quietly and the HTTP request with it. A broken connection, or the server going away,
 * rejects the pending `next()` with a ConnectionError.
 */
export class LiveStream<T> implements AsyncIterableIterator<T, undefined, undefined>, AsyncDisposable {
  readonly #items: AsyncGenerator<T, void, undefined>;
  readonly #controller: AbortController;

  constructor(items: AsyncGenerator<T, void, undefined>, controller: AbortController) {
    this.#items = items;
    this.#controller = controller;
  }

  async next(): Promise<IteratorResult<T, undefined>> {
    const result = await this.#items.next();
    return result.done ? { done: true, value: undefined } : result;
  }

  async return(): Promise<IteratorResult<T, undefined>> {
    this.#controller.abort();
    await this.#items.return();
    return { done: true, value: undefined };
  }

  /** Ends the stream; a `next()` still waiting resolves as done. */
  async close(): Promise<void> {
    await this.return();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }
}
