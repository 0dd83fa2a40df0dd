import { describe, expect, it } from "vitest";
import { channelKey } from "./channel-key";
import type { ChannelRef, RealtimeMessage } from "./contract";
import { createSubscriptionSet, type ChannelListener } from "./subscription-set";

const VISITORS = { name: "visitors" };
const WEATHER = { name: "members", resourceId: "weather" };
const POLITICS = { name: "members", resourceId: "politics" };

type Call = {
  channel: ChannelRef;
  handler: ChannelListener;
  options?: { since?: string };
  resolve: (id: string) => void;
  reject: (error: unknown) => void;
};

/** The client's subscribe/unsubscribe, answered by the test when it chooses. */
class FakeClient {
  readonly subscribes: Call[] = [];
  readonly unsubscribed: string[] = [];
  private nextId = 0;

  subscribe = (channel: ChannelRef, handler: ChannelListener, options?: { since?: string }): Promise<string> =>
    new Promise((resolve, reject) => this.subscribes.push({ channel, handler, options, resolve, reject }));

  unsubscribe = async ({ subscriptionId }: { subscriptionId: string }): Promise<void> => {
    this.unsubscribed.push(subscriptionId);
  };

  /** Accepts every subscribe still waiting; their ids are `<channel key>#<n>`. */
  acceptAll(): void {
    for (const call of this.subscribes.splice(0)) {
      this.nextId += 1;
      const id = `${channelKey(call.channel)}#${this.nextId}`;
      this.live.set(id, call);
      call.resolve(id);
    }
  }

  readonly live = new Map<string, Call>();

  /** What the server would send on `channel` to every handler subscribed to it. */
  deliver(channel: ChannelRef, payload: unknown): void {
    const message: RealtimeMessage = { id: String(Math.random()), channel, payload, publishedAt: new Date().toISOString() };
    for (const [id, call] of this.live) {
      if (!this.unsubscribed.includes(id) && channelKey(call.channel) === channelKey(channel)) call.handler(message, channel);
    }
  }

  subscribedKeys(): string[] {
    return [...this.live].filter(([id]) => !this.unsubscribed.includes(id)).map(([, call]) => channelKey(call.channel)).sort();
  }
}

function setUp() {
  const client = new FakeClient();
  const set = createSubscriptionSet({ subscribe: client.subscribe, unsubscribe: client.unsubscribe });
  return { client, set };
}

/** Lets every promise that can settle do so. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function collect() {
  const received: string[] = [];
  const listener: ChannelListener = (message, channel) => received.push(`${channelKey(channel)}:${String(message.payload)}`);
  return { received, listener };
}

describe("subscription set", () => {
  it("subscribes the reader's channels and resolves setReader only once the server accepted them", async () => {
    const { client, set } = setUp();
    let isDone = false;
    const done = set.setReader({ viewerKey: "visitor", channels: [VISITORS] }).then(() => (isDone = true));
    await settle();
    expect(client.subscribes.map((call) => call.channel)).toEqual([VISITORS]);
    expect(isDone).toBe(false);
    expect(set.getStatus().pending).toBe(1);
    client.acceptAll();
    await done;
    expect(set.getStatus()).toEqual({ pending: 0, isPaused: false, isIdle: false });
  });

  it("subscribes a channel once when the reader and a claim both want it, and routes each message only to who asked", async () => {
    const { client, set } = setUp();
    const reader = collect();
    const archive = collect();
    set.onReaderMessage(reader.listener);
    void set.setReader({ viewerKey: "user-1", channels: [WEATHER] });
    void set.claim("archive", { viewerKey: "user-1", channels: [WEATHER, POLITICS], onMessage: archive.listener });
    await settle();
    expect(client.subscribes.map((call) => channelKey(call.channel)).sort()).toEqual(["members:politics", "members:weather"]);
    client.acceptAll();
    await settle();

    client.deliver(WEATHER, "rain");
    client.deliver(POLITICS, "vote");
    expect(reader.received).toEqual(["members:weather:rain"]);
    expect(archive.received).toEqual(["members:weather:rain", "members:politics:vote"]);
  });

  it("unsubscribes what nobody wants any more, and keeps what someone still does", async () => {
    const { client, set } = setUp();
    const archive = collect();
    await Promise.all([
      set.setReader({ viewerKey: "user-1", channels: [WEATHER] }),
      set.claim("archive", { viewerKey: "user-1", channels: [WEATHER, POLITICS], onMessage: archive.listener }),
      settle().then(() => client.acceptAll()),
    ]);
    await set.release("archive");
    expect(client.subscribedKeys()).toEqual(["members:weather"]);

    client.deliver(WEATHER, "after release");
    expect(archive.received).toEqual([]);
  });

  it("follows a change of the reader's channels: subscribes the added, unsubscribes the removed", async () => {
    const { client, set } = setUp();
    await Promise.all([set.setReader({ viewerKey: "user-1", channels: [WEATHER] }), settle().then(() => client.acceptAll())]);
    await Promise.all([set.setReader({ viewerKey: "user-1", channels: [POLITICS] }), settle().then(() => client.acceptAll())]);
    expect(client.subscribedKeys()).toEqual(["members:politics"]);
  });

  it("waits for a subscribe already on its way before saying the reader's channels are in place", async () => {
    const { client, set } = setUp();
    void set.setReader({ viewerKey: "user-1", channels: [WEATHER] });
    let isDone = false;
    // The same channel again (e.g. saved settings that kept it): nothing new to send, still not in place.
    const again = set.setReader({ viewerKey: "user-1", channels: [WEATHER] }).then(() => (isDone = true));
    await settle();
    expect(client.subscribes).toHaveLength(1);
    expect(isDone).toBe(false);
    client.acceptAll();
    await again;
  });

  it("unsubscribes a channel dropped while its subscribe was still on its way, once the server answers", async () => {
    const { client, set } = setUp();
    void set.setReader({ viewerKey: "visitor", channels: [VISITORS] });
    const cleared = set.setReader({ viewerKey: "visitor", channels: [] });
    await settle();
    expect(client.unsubscribed).toEqual([]);
    client.acceptAll();
    await cleared;
    expect(client.unsubscribed).toEqual(["visitors#1"]);
    expect(set.getStatus()).toEqual({ pending: 0, isPaused: false, isIdle: true });
  });

  it("leaves claims made for another viewer waiting until the page is theirs", async () => {
    const { client, set } = setUp();
    const archive = collect();
    await Promise.all([set.setReader({ viewerKey: "visitor", channels: [VISITORS] }), settle().then(() => client.acceptAll())]);
    // The signed-in page's archive mounts a moment before the layout says who the reader is now.
    void set.claim("archive", { viewerKey: "user-1", channels: [WEATHER], onMessage: archive.listener });
    await settle();
    expect(client.subscribes).toEqual([]);

    await Promise.all([set.setReader({ viewerKey: "user-1", channels: [] }), settle().then(() => client.acceptAll())]);
    expect(client.subscribedKeys()).toEqual(["members:weather"]);
    client.deliver(WEATHER, "now theirs");
    expect(archive.received).toEqual(["members:weather:now theirs"]);
  });

  it("drops everything while paused for a change of hands, and comes back on resume", async () => {
    const { client, set } = setUp();
    const reader = collect();
    set.onReaderMessage(reader.listener);
    await Promise.all([set.setReader({ viewerKey: "visitor", channels: [VISITORS] }), settle().then(() => client.acceptAll())]);

    await set.pause();
    expect(client.subscribedKeys()).toEqual([]);
    expect(set.getStatus()).toMatchObject({ isPaused: true, isIdle: false });

    await Promise.all([set.resume("visitor"), settle().then(() => client.acceptAll())]);
    expect(client.subscribedKeys()).toEqual(["visitors"]);
    client.deliver(VISITORS, "back");
    expect(reader.received).toEqual(["visitors:back"]);
  });

  it("ends a pause when a reader with another viewer key arrives, and a late resume of an old pause changes nothing", async () => {
    const { client, set } = setUp();
    await Promise.all([set.setReader({ viewerKey: "visitor", channels: [VISITORS] }), settle().then(() => client.acceptAll())]);
    await set.pause();
    await Promise.all([set.setReader({ viewerKey: "user-1", channels: [WEATHER] }), settle().then(() => client.acceptAll())]);
    expect(set.getStatus().isPaused).toBe(false);
    expect(client.subscribedKeys()).toEqual(["members:weather"]);

    // The page back in the visitor's hands later: the old pause is over, not back.
    await Promise.all([set.setReader({ viewerKey: "visitor", channels: [VISITORS] }), settle().then(() => client.acceptAll())]);
    expect(set.getStatus().isPaused).toBe(false);

    // Paused again; the fallback of an earlier change of hands must not end this pause.
    await set.pause();
    await set.resume("user-1");
    expect(set.getStatus().isPaused).toBe(true);
    expect(client.subscribedKeys()).toEqual([]);
  });

  it("reports a refused subscribe and forgets the channel, so a later change tries again", async () => {
    const { client, set } = setUp();
    const errors: string[] = [];
    set.onError((error, channel) => errors.push(`${channelKey(channel)}: ${(error as Error).message}`));
    const first = set.setReader({ viewerKey: "visitor", channels: [WEATHER] });
    await settle();
    client.subscribes.splice(0)[0]?.reject(new Error("Not allowed to read this channel"));
    await first;
    expect(errors).toEqual(["members:weather: Not allowed to read this channel"]);
    expect(set.getStatus().pending).toBe(0);

    void set.setReader({ viewerKey: "visitor", channels: [WEATHER, VISITORS] });
    await settle();
    expect(client.subscribes.map((call) => channelKey(call.channel)).sort()).toEqual(["members:weather", "visitors"]);
  });

  it("tells status listeners when the work starts and ends, and is idle with nothing to listen to", async () => {
    const { client, set } = setUp();
    const seen: number[] = [];
    set.onStatus(() => seen.push(set.getStatus().pending));
    expect(set.getStatus().isIdle).toBe(false); // no reader yet: not known to be idle
    const done = set.setReader({ viewerKey: "user-1", channels: [WEATHER] });
    await settle();
    client.acceptAll();
    await done;
    expect(seen).toEqual([1, 0]);

    await set.setReader({ viewerKey: "user-1", channels: [] });
    expect(set.getStatus().isIdle).toBe(true);
  });

  it("clear unsubscribes everything and the set can be used again", async () => {
    const { client, set } = setUp();
    const archive = collect();
    await Promise.all([
      set.setReader({ viewerKey: "visitor", channels: [VISITORS] }),
      set.claim("archive", { viewerKey: "visitor", channels: [VISITORS], onMessage: archive.listener }),
      settle().then(() => client.acceptAll()),
    ]);
    await set.clear();
    expect(client.subscribedKeys()).toEqual([]);
    expect(set.getReader()).toBeUndefined();

    await Promise.all([set.setReader({ viewerKey: "visitor", channels: [VISITORS] }), settle().then(() => client.acceptAll())]);
    expect(client.subscribedKeys()).toEqual(["visitors"]);
  });

  it("asks the reader's channels, not other claims, to catch up from where the page was rendered", async () => {
    const { client, set } = setUp();
    void set.setReader({ viewerKey: "user-1", channels: [WEATHER], since: "42" });
    void set.claim("archive", { viewerKey: "user-1", channels: [POLITICS], onMessage: () => undefined });
    await settle();
    const sinceOf = (key: string) => client.subscribes.find((call) => channelKey(call.channel) === key)?.options?.since;
    expect(sinceOf("members:weather")).toBe("42");
    expect(sinceOf("members:politics")).toBeUndefined();
  });
});
