import { randomUUID } from "node:crypto";
import { test as base, expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";

// Shared helpers for the e2e specs: people (each in their own browser context), signed in
// through Auth.js's own endpoints for speed, and fresh members so tests never share state.

export const DEMO_ADMIN = { email: "admin@example.com", password: "admin1234" };

export type Person = {
  context: BrowserContext;
  page: Page;
  /** Shares the context's cookies: calls the API as this person. */
  request: APIRequestContext;
  email?: string;
  name?: string;
  password?: string;
};

export type SubscriptionType = { id: string; type: string; channelName: string; channelResource: string };
export type Channel = { name: string; resourceId?: string };

type People = {
  visitor(): Promise<Person>;
  admin(): Promise<Person>;
  /** A brand-new member (signed up through the API), signed in; `signedIn: false` only signs up. */
  member(options?: { signedIn?: boolean }): Promise<Person>;
};

export const test = base.extend<{ people: People }>({
  people: async ({ browser, baseURL }, provide) => {
    const contexts: BrowserContext[] = [];
    const open = async (): Promise<Person> => {
      const context = await newContext(browser, baseURL);
      contexts.push(context);
      const page = await context.newPage();
      return { context, page, request: context.request };
    };
    await provide({
      visitor: open,
      admin: async () => {
        const person = await open();
        await signInWithApi(person.request, DEMO_ADMIN.email, DEMO_ADMIN.password);
        return { ...person, email: DEMO_ADMIN.email, name: "Admin" };
      },
      member: async ({ signedIn = true } = {}) => {
        const person = await open();
        const account = newAccount();
        const response = await person.request.post("/api/signup", { data: account });
        expect(response.status(), await response.text()).toBe(201);
        if (signedIn) await signInWithApi(person.request, account.email, account.password);
        return { ...person, email: account.email, name: account.name, password: account.password };
      },
    });
    for (const context of contexts) await context.close();
  },
});

export { expect };

async function newContext(browser: Browser, baseURL: string | undefined): Promise<BrowserContext> {
  return browser.newContext({ baseURL });
}

export function newAccount() {
  const id = randomUUID().slice(0, 8);
  return { name: `Member ${id}`, email: `member-${id}@example.test`, password: `pass-${id}-word` };
}

/** Auth.js's credentials flow, as a browser form would do it; cookies land in the context. */
export async function signInWithApi(request: APIRequestContext, email: string, password: string): Promise<void> {
  const csrf = await request.get("/api/auth/csrf");
  expect(csrf.ok()).toBe(true);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, callbackUrl: "/" },
    maxRedirects: 0,
  });
  const session = await request.get("/api/auth/session");
  const body = (await session.json()) as { user?: { email?: string } } | null;
  expect(body?.user?.email, `sign-in as ${email}`).toBe(email);
}

export async function listTypes(request: APIRequestContext): Promise<SubscriptionType[]> {
  const response = await request.get("/api/subscription-types");
  expect(response.ok()).toBe(true);
  return (await response.json()) as SubscriptionType[];
}

export async function typeNamed(request: APIRequestContext, name: string): Promise<SubscriptionType> {
  const type = (await listTypes(request)).find((candidate) => candidate.type === name);
  if (!type) throw new Error(`No subscription type named ${name}`);
  return type;
}

export function channelOf(type: SubscriptionType): Channel {
  return type.channelResource ? { name: type.channelName, resourceId: type.channelResource } : { name: type.channelName };
}

/** The public channel every visitor listens on (DESIGN.md's site policy). */
export const VISITORS: Channel = { name: "visitors" };

/** Sends through the API as the admin (for tests where the admin page is not the subject). */
export async function sendAlertWithApi(admin: Person, alert: { text: string; color?: string; channels: Channel[] }) {
  const response = await admin.request.post("/api/alerts", {
    data: { text: alert.text, color: alert.color ?? "#1d4ed8", channels: alert.channels },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { alert: { id: string; text: string; color: string; sentAt: string } };
}

export async function saveSubscriptionsWithApi(member: Person, typeIds: string[]): Promise<void> {
  const response = await member.request.put("/api/subscriptions", { data: { typeIds } });
  expect(response.ok(), await response.text()).toBe(true);
}

/** Opens a page and waits until its live alerts are flowing (the indicator says "Live"). */
export async function openLive(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expectLive(page);
}

export async function expectLive(page: Page): Promise<void> {
  await expect(page.getByRole("status").filter({ hasText: /^(Connection restored\. )?Live$/ })).toBeVisible();
}

export function banner(page: Page) {
  return page.getByRole("alert", { name: "Breaking news" });
}

export function uniqueText(label: string): string {
  return `${label} ${randomUUID().slice(0, 8)}`;
}

/** Opens a page and waits until the live state has settled (live, or nothing chosen to listen to). */
export async function openSettled(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole("status").filter({ hasText: /^((Connection restored\. )?Live|No live alerts chosen)$/ })).toBeVisible();
}

/**
 * Records what the page's breaking-news banner shows, from its next load on. The banner shows
 * only the newest alert, so "this alert was never shown" can't be read off it once a later one
 * replaced it: read it off this record instead, after a later alert has arrived.
 */
export async function recordBanner(page: Page): Promise<{ shown: () => Promise<string[]> }> {
  await page.addInitScript(() => {
    const shown: string[] = [];
    (window as unknown as { __bannerShown: string[] }).__bannerShown = shown;
    new MutationObserver(() => {
      const text = document.querySelector('[role="alert"][aria-label="Breaking news"]')?.textContent ?? "";
      if (text && shown.at(-1) !== text) shown.push(text);
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  return { shown: () => page.evaluate(() => (window as unknown as { __bannerShown: string[] }).__bannerShown) };
}
