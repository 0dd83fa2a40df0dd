/**
 * Runs tasks one after another per key. A socket's subscribe, unsubscribe and permission
 * re-checks on one channel go through it, so an unsubscribe can't overtake a subscribe that
 * is still checking permissions, and a re-check always sees the finished subscription.
 */
export class KeyedQueue {
  /**
   * Only while something is queued: every socket has a queue, and an idle one then costs no Map
   * (a few hundred bytes a reader: docs/BENCHMARKS.md, "What a reader keeps").
   */
  private tails: Map<string, Promise<void>> | undefined;

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const tails = (this.tails ??= new Map());
    const previous = tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) !== tail) return;
      tails.delete(key);
      if (tails.size === 0 && this.tails === tails) this.tails = undefined;
    });
    return result;
  }

  /** Keys with work queued or running. */
  busyKeys(): string[] {
    return this.tails ? [...this.tails.keys()] : [];
  }
}
