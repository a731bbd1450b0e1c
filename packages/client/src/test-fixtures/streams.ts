/** The first item of `stream` that `match` accepts; throws after `ms` (or when the stream ends) instead of hanging. */
export async function firstWhere<T>(
  stream: AsyncIterator<T>,
  match: (item: T) => boolean,
  what: string,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()));
    });
    const result = await Promise.race([stream.next(), timeout]).finally(() => clearTimeout(timer));
    if (result === 'timeout') throw new Error(`No ${what} within ${ms} ms`);
    if (result.done) throw new Error(`The stream ended before ${what}`);
    if (match(result.value)) return result.value;
  }
}

/** Whether `stream` ends (its next `next()` is done) within `ms`, skipping what is still queued. */
export async function endsWithin(stream: AsyncIterator<unknown>, ms = 60_000): Promise<boolean> {
  try {
    await firstWhere(stream, () => false, 'the end', ms);
  } catch (error) {
    return (error as Error).message.startsWith('The stream ended');
  }
  return false;
}
