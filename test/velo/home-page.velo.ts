import { io } from "socket.io-client";
import { channelFromColumns, parseAlertPayload } from "@/lib/alerts/alert";
import { createRealtimeClient } from "@/lib/realtime/client";
import type { ChannelRef, RealtimeMessage } from "@/lib/realtime/contract";
import { api, signIn } from "../support/http";

// The Velo tutorial's home page and subscriptions lightbox, ported to Newsflash in the
// tutorial's own shape and names (docs/VELO.md has the side-by-side). Only the page's
// surroundings are fakes: `$w` elements that record what a reader saw, `wixUsers` backed by the
// session cookie, `wixWindow.openLightbox`. The realtime client is the browser's own module
// (lib/realtime/client.ts) and every request goes to a real Newsflash server.

/** What the page's browser holds for the site: its address, and the cookies sent with every request. */
export type Browser = { url: string; headers: { cookie?: string } };

/** A subscription type as GET /api/subscription-types lists it (the tutorial's SubscriptionTypes item). */
export type SubscriptionType = { id: string; type: string; channelName: string; channelResource: string };

/** An item of the tutorial's `subscriptions` array: the type, and the realtime subscription made for it. */
export type MemberSubscription = SubscriptionType & { subscriptionId: string };

/** What the subscriptions lightbox hands back to the page when it closes. */
export type LightboxResult = { added: SubscriptionType[]; removed: string[] };

/** A `$w` element, with what the reader saw on it. */
export class PageElement {
  text = "";
  readonly style = { color: "" };
  hidden = true;
  /** Everything this element showed, in order: each `show()` with its text and colour. */
  readonly seen: Array<{ text: string; color: string }> = [];
  private onClickHandler: (() => Promise<void>) | undefined;

  show(): Promise<void> {
    this.hidden = false;
    this.seen.push({ text: this.text, color: this.style.color });
    return Promise.resolve();
  }

  hide(): Promise<void> {
    this.hidden = true;
    return Promise.resolve();
  }

  onClick(handler: () => Promise<void>): void {
    this.onClickHandler = handler;
  }

  /** The reader clicks it; resolves once the page's handler has finished. */
  async click(): Promise<void> {
    await this.onClickHandler?.();
  }
}

type Selector = "#breakingNews" | "#settingsIcon";

export type HomePage = ReturnType<typeof openHomePage>;

/** Loads the home page in `browser`; call `onReady()` as Wix would once the page is ready. */
export function openHomePage(browser: Browser) {
  const elements: Record<Selector, PageElement> = { "#breakingNews": new PageElement(), "#settingsIcon": new PageElement() };
  const $w = (selector: Selector): PageElement => elements[selector];

  // wix-realtime-frontend: the browser's realtime client, pointed at this browser's server.
  // The handshake carries the browser's cookies (read again on each connect), as a page's does.
  const wixRealtimeFrontend = createRealtimeClient({
    socketFactory: (options) =>
      io(browser.url, { ...options, transports: ["websocket"], withCredentials: false, extraHeaders: browser.headers }),
  });

  const wixUsers = createWixUsers(browser);
  const wixWindow = createWixWindow(browser);

  let subscriptions: MemberSubscription[] = [];
  /** The alert the strip shows, so a correction or retraction of it can change it. */
  let shown: { alertId: string; revision: number } | null = null;

  async function onReady(): Promise<void> {
    if (await wixUsers.currentUser.loggedIn()) {
      await initializeMember();
    } else {
      await subscribeToVisitorChannel();
    }

    wixUsers.onLogin(async () => {
      // Newsflash reads who a socket is from the session cookie when it connects: reconnect
      // first, so the members channel is asked for as the member, not as the visitor.
      await wixRealtimeFrontend.reconnect();
      await initializeMember();
      await wixRealtimeFrontend.unsubscribe({ channel: { name: "visitors" } });
    });
  }

  async function subscribeToVisitorChannel(): Promise<void> {
    const channel: ChannelRef = { name: "visitors" };
    await wixRealtimeFrontend.subscribe(channel, showBreakingNews);
  }

  function showBreakingNews(message: RealtimeMessage): void {
    // The payload is the alert whole: { alertId, kind, text, color, sentAt, expiresAt, revision }.
    const alert = parseAlertPayload(message.payload);
    if (!alert) return;
    const isShown = shown?.alertId === alert.alertId;
    if (isShown && alert.revision <= (shown?.revision ?? 0)) return; // the same alert again (replay, another channel)
    if (alert.kind === "retracted") {
      if (isShown) {
        shown = null;
        void $w("#breakingNews").hide();
      }
      return;
    }
    shown = { alertId: alert.alertId, revision: alert.revision };
    // Text, never HTML: alert text is not markup, and the colour is a checked #rrggbb.
    $w("#breakingNews").text = alert.text;
    $w("#breakingNews").style.color = alert.color;
    void $w("#breakingNews").show();
  }

  async function initializeMember(): Promise<void> {
    subscriptions = [];
    await $w("#settingsIcon").show();
    const channels = await getSubscriptions();
    await subscribeToMemberChannels(channels);

    $w("#settingsIcon").onClick(async () => {
      const { added, removed } = await wixWindow.openLightbox("Subscriptions", subscriptions);
      await subscribeToMemberChannels(added);
      await unsubscribeFromChannels(removed);
    });
  }

  /** The member's saved types; their Subscriptions row is created on the first call. */
  async function getSubscriptions(): Promise<SubscriptionType[]> {
    const [{ typeIds }, types] = await Promise.all([
      getJson<{ typeIds: string[] }>(browser, "/api/subscriptions"),
      getJson<SubscriptionType[]>(browser, "/api/subscription-types"),
    ]);
    return types.filter((type) => typeIds.includes(type.id));
  }

  async function subscribeToMemberChannels(channels: SubscriptionType[]): Promise<void> {
    await Promise.all(
      channels.map(async (item) => {
        const channel: ChannelRef = channelFromColumns(item.channelName, item.channelResource);
        const subscriptionId = await wixRealtimeFrontend.subscribe(channel, showBreakingNews);
        subscriptions.push({ ...item, subscriptionId });
      }),
    );
  }

  async function unsubscribeFromChannels(removedIds: string[]): Promise<void> {
    for (const id of removedIds) {
      const index = subscriptions.findIndex((subscription) => subscription.id === id);
      const subscription = subscriptions[index];
      if (!subscription) continue;
      await wixRealtimeFrontend.unsubscribe({ subscriptionId: subscription.subscriptionId });
      subscriptions.splice(index, 1);
    }
  }

  return {
    $w,
    wixUsers,
    wixWindow,
    onReady,
    subscribeToVisitorChannel,
    showBreakingNews,
    initializeMember,
    getSubscriptions,
    subscribeToMemberChannels,
    unsubscribeFromChannels,
    /** The tutorial's `subscriptions` array, as it stands. */
    subscriptions: (): readonly MemberSubscription[] => subscriptions,
    /** Leaving the page: its connection closes. */
    close: () => wixRealtimeFrontend.close(),
  };
}

/** wix-users, as far as the home page uses it, over the session cookie. */
function createWixUsers(browser: Browser) {
  const loginHandlers: Array<() => Promise<void>> = [];
  return {
    currentUser: {
      /** Auth.js's own session endpoint: `null` for a visitor. */
      async loggedIn(): Promise<boolean> {
        const session = await getJson<{ user?: { id?: string } } | null>(browser, "/api/auth/session");
        return Boolean(session?.user?.id);
      },
    },
    onLogin(handler: () => Promise<void>): void {
      loginHandlers.push(handler);
    },
    /** Signs in as the sign-in page does; the browser keeps the cookie, then the page's onLogin runs. */
    async login(email: string, password: string): Promise<void> {
      const cookie = await signIn(browser.url, email, password);
      if (!cookie) throw new Error(`sign-in refused for ${email}`);
      browser.headers.cookie = cookie;
      for (const handler of loginHandlers) await handler();
    },
  };
}

/**
 * wix-window's `openLightbox`, with the subscriptions lightbox behind it. The test says which
 * boxes the member will have ticked when they press Save (`ticked`, by the types' names).
 */
function createWixWindow(browser: Browser) {
  const wixWindow = {
    ticked: [] as string[],
    async openLightbox(name: "Subscriptions", current: readonly MemberSubscription[]): Promise<LightboxResult> {
      if (name !== "Subscriptions") throw new Error(`no lightbox named ${name}`);
      return subscriptionsLightbox(browser, current, wixWindow.ticked);
    },
  };
  return wixWindow;
}

/**
 * The subscriptions lightbox's code: the checkbox group lists every type with the member's
 * current ones selected; Save stores the selection and closes with what was added and removed.
 */
async function subscriptionsLightbox(browser: Browser, current: readonly MemberSubscription[], ticked: readonly string[]): Promise<LightboxResult> {
  const types = await getJson<SubscriptionType[]>(browser, "/api/subscription-types");
  const startingIds = current.map((subscription) => subscription.id);
  const selectedIds = types.filter((type) => ticked.includes(type.type)).map((type) => type.id);

  // The server stores the choice and answers which ids were added and removed.
  const saved = await api<{ typeIds: string[]; added: string[]; removed: string[] }>(browser.url, "/api/subscriptions", {
    method: "PUT",
    body: { typeIds: selectedIds },
    ...cookieOf(browser),
  });
  if (saved.status !== 200) throw new Error(`saving subscriptions failed: ${saved.status} ${JSON.stringify(saved.body)}`);
  // Cross-checked against what the page had, as the tutorial's lightbox does.
  const added = types.filter((type) => saved.body.added.includes(type.id) && !startingIds.includes(type.id));
  const removed = saved.body.removed.filter((id) => startingIds.includes(id));
  return { added, removed };
}

async function getJson<T>(browser: Browser, path: string): Promise<T> {
  const response = await api<T>(browser.url, path, cookieOf(browser));
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

function cookieOf(browser: Browser): { cookie?: string } {
  return browser.headers.cookie ? { cookie: browser.headers.cookie } : {};
}
