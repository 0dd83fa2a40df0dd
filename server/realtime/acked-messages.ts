/**
 * The messages one socket has acknowledged, so that each counts as delivered once however often
 * it reaches that socket (live, then again by a replay after an unsubscribe and a subscribe with
 * an older `since`).
 *
 * Bounded, and still exact: per channel it keeps the `perChannel` highest ids acknowledged, with
 * `perChannel` at least the replay limit. A replay sends only the newest `limit` messages of a
 * channel, so an acknowledged message that can be replayed has fewer than `limit` higher ids on
 * that channel, acknowledged or not: it is still remembered. At most `maxChannels` channels are
 * remembered, the one acknowledged on longest ago forgotten first; only the server publishes, so
 * a client can't make up channels with messages to push the others out.
 */
export class AckedMessages {
  /** Per channel key, ascending. */
  private readonly byKey = new Map<string, bigint[]>();
  /** The key acknowledged last, already at the end of `byKey`'s order: the usual case needs no reordering. */
  private lastKey: string | undefined;

  constructor(
    private readonly perChannel: number,
    private readonly maxChannels: number,
  ) {}

  /** Records an acknowledgement; false when this socket had acknowledged that message already. */
  add(key: string, id: bigint): boolean {
    const ids = this.byKey.get(key) ?? [];
    if (key !== this.lastKey) {
      // Re-inserted: a Map iterates in insertion order, so the first key is the least recent.
      this.byKey.delete(key);
      this.byKey.set(key, ids);
      this.lastKey = key;
      if (this.byKey.size > this.maxChannels) this.byKey.delete(this.byKey.keys().next().value as string);
    }

    const index = insertionPoint(ids, id);
    if (ids[index] === id) return false;
    // Lower than every id remembered, with the channel's list full: no replay can send it again.
    if (index === 0 && ids.length >= this.perChannel) return true;
    ids.splice(index, 0, id);
    if (ids.length > this.perChannel) ids.shift();
    return true;
  }
}

/** The first index whose id is not below `id` (acks come mostly in order: checks the end first). */
function insertionPoint(ids: bigint[], id: bigint): number {
  const last = ids.at(-1);
  if (last === undefined || last < id) return ids.length;
  let low = 0;
  let high = ids.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((ids[middle] as bigint) < id) low = middle + 1;
    else high = middle;
  }
  return low;
}
