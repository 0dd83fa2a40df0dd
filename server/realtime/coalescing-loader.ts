/**
 * Turns many concurrent look-ups into a few batched ones: requests made while a batch is being
 * loaded wait for the next batch, which starts as soon as that one ends and serves all of them.
 * One batch runs at a time, so under a storm of connections batches grow on their own, and a
 * lone request still costs one look-up.
 *
 * Nothing is cached: each caller gets a value loaded after it asked, exactly as if it had made
 * the look-up itself (a role changed a moment ago, or a message just logged, is seen).
 */
export function createCoalescingLoader<K, V>(
  loadBatch: (keys: K[]) => Promise<Map<K, V>>,
  options: { maxBatch?: number } = {},
): (key: K) => Promise<V | undefined> {
  const maxBatch = options.maxBatch ?? 1000;
  type Waiter = { resolve: (value: V | undefined) => void; reject: (error: unknown) => void };
  let waiting = new Map<K, Waiter[]>();
  let isRunning = false;

  const takeBatch = (): Map<K, Waiter[]> => {
    if (waiting.size <= maxBatch) {
      const batch = waiting;
      waiting = new Map();
      return batch;
    }
    const batch = new Map<K, Waiter[]>();
    for (const [key, waiters] of waiting) {
      if (batch.size >= maxBatch) break;
      batch.set(key, waiters);
      waiting.delete(key);
    }
    return batch;
  };

  const run = async () => {
    while (waiting.size > 0) {
      const batch = takeBatch();
      try {
        const values = await loadBatch([...batch.keys()]);
        for (const [key, waiters] of batch) for (const waiter of waiters) waiter.resolve(values.get(key));
      } catch (error) {
        for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
      }
    }
    isRunning = false;
  };

  return (key) =>
    new Promise<V | undefined>((resolve, reject) => {
      const waiters = waiting.get(key) ?? [];
      waiting.set(key, waiters);
      waiters.push({ resolve, reject });
      if (isRunning) return;
      isRunning = true;
      // Start after this tick, so requests made in the same tick share the first batch.
      queueMicrotask(() => void run());
    });
}
