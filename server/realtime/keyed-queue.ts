/**
 * Runs tasks one after another per key. A socket's subscribe, unsubscribe and permission
 * re-checks on one channel go through it, so an unsubscribe can't overtake a subscribe that
 * is still checking permissions, and a re-check always sees the finished subscription.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with work queued or running. */
  busyKeys(): string[] {
    return [...this.tails.keys()];
  }
}
