/**
 * Bounded parallelism for per-namespace commands. One `ip` per namespace is cheap but hundreds
 * in a row add up; a few at a time keeps every CPU busy without forking hundreds of processes
 * at once. Pure (no Node imports).
 *
 * @module
 */

/**
 * Runs `task` over `items`, at most `limit` at a time, and resolves with the results in input
 * order. On the first failure it starts nothing new, waits for the tasks already running (so no
 * command of ours is still in flight when the caller starts cleaning up), then rejects with
 * that first error.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        results[index] = await task(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure !== undefined) throw failure.error;
  return results;
}
