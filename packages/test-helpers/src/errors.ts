/** The error a promise rejects with (fails the test if it resolves), typed loosely enough to inspect. */
export async function errorOf(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('Expected the promise to reject, but it resolved');
}
