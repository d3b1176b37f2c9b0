/** Bounded concurrency without a dependency: at most `concurrency` calls of `fn` in flight, results in input order. */
export async function runBounded<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`concurrency must be a positive integer, got ${concurrency}`);
  }
  const results = new Array<R>(items.length);
  const queue = items.entries(); // one iterator shared by the workers: each takes the next item
  const worker = async () => {
    for (const [index, item] of queue) results[index] = await fn(item, index);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** The default number of terraform processes at a time: DATA_PLATFORM_TF_CONCURRENCY, else 2 (provider start-up is CPU-bound). */
export function defaultConcurrency(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.DATA_PLATFORM_TF_CONCURRENCY;
  if (raw === undefined || raw === '') return 2;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`DATA_PLATFORM_TF_CONCURRENCY must be a positive integer, got "${raw}"`);
  }
  return n;
}
