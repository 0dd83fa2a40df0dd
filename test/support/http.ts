import { randomUUID } from "node:crypto";
import { Agent } from "undici";

export type ApiResponse<T = unknown> = { status: number; body: T; headers: Headers };

/** A JSON request as an outside client makes it. */
export async function api<T = any>( // eslint-disable-line @typescript-eslint/no-explicit-any -- test bodies are asserted field by field
  baseUrl: string,
  path: string,
  options: { method?: string; body?: unknown; rawBody?: string; cookie?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] = "application/json";
  }
  const response = await fetch(new URL(path, baseUrl), { method: options.method ?? "GET", headers, body, redirect: "manual" });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text for the assertion message
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

/**
 * Signs in through Auth.js's own credentials routes, as a browser would, and returns the
 * cookie header that carries the session (null when sign-in was refused).
 */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string | null> {
  return (await attemptSignIn(baseUrl, email, password)).cookie;
}

export type SignInAttempt = {
  status: number;
  /** The session cookie (`name=value`), or null when sign-in was refused. */
  cookie: string | null;
  /** The device cookie a successful sign-in leaves in the browser (`name=value`), if any. */
  deviceCookie: string | null;
  location: string | null;
  body: string;
  headers: Headers;
};

export type SignInOptions = {
  /** Sent on both requests (e.g. `x-forwarded-for`). */
  headers?: Record<string, string>;
  /** The loopback address to connect from (127.0.0.2, ...): a client of its own behind a proxy. */
  localAddress?: string;
  /** More cookies the browser holds (a device cookie). */
  cookie?: string;
  /** A body of one's own instead of the form a browser sends (`email` and `password` unused). */
  body?: (csrfToken: string) => { contentType: string; text: string };
};

/** One sign-in attempt with everything the server answered. */
export async function attemptSignIn(baseUrl: string, email: string, password: string, options: SignInOptions = {}): Promise<SignInAttempt> {
  // Node's fetch takes undici's `dispatcher`, which the DOM's RequestInit type doesn't know.
  const from = (init: RequestInit) => (options.localAddress ? ({ ...init, dispatcher: connectingFrom(options.localAddress) } as RequestInit) : init);
  const csrfResponse = await fetch(new URL("/api/auth/csrf", baseUrl), from({ headers: options.headers }));
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const cookie = [cookiesFrom(csrfResponse.headers), options.cookie].filter(Boolean).join("; ");
  const body = options.body?.(csrfToken) ?? {
    contentType: "application/x-www-form-urlencoded",
    text: new URLSearchParams({ csrfToken, email, password, callbackUrl: baseUrl }).toString(),
  };
  const response = await fetch(
    new URL("/api/auth/callback/credentials", baseUrl),
    from({ method: "POST", headers: { ...options.headers, "content-type": body.contentType, cookie }, body: body.text, redirect: "manual" }),
  );
  const set = cookiesFrom(response.headers).split("; ");
  return {
    status: response.status,
    cookie: set.find((each) => each.startsWith("authjs.session-token=")) ?? null,
    deviceCookie: set.find((each) => each.startsWith("newsflash-device-")) ?? null,
    location: response.headers.get("location"),
    body: await response.text(),
    headers: response.headers,
  };
}

const agents = new Map<string, Agent>();

/** Connections from `localAddress` (any 127.x address works on loopback). */
function connectingFrom(localAddress: string): Agent {
  let agent = agents.get(localAddress);
  if (!agent) agents.set(localAddress, (agent = new Agent({ localAddress })));
  return agent;
}

function cookiesFrom(headers: Headers): string {
  return headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .filter((cookie) => cookie && !cookie.endsWith("="))
    .join("; ");
}

export const demoAdmin = { email: "admin@example.com", password: "admin1234" };
export const demoMember = { email: "member@example.com", password: "member1234" };

/** A fresh member of its own for one test, signed in. */
export async function newMember(baseUrl: string): Promise<{ email: string; password: string; cookie: string; id: string }> {
  const email = `member-${randomUUID()}@example.com`;
  const password = "correct horse battery";
  const created = await api<{ user: { id: string } }>(baseUrl, "/api/signup", { method: "POST", body: { email, password, name: "Test Member" } });
  if (created.status !== 201) throw new Error(`signup failed: ${created.status} ${JSON.stringify(created.body)}`);
  const cookie = await signIn(baseUrl, email, password);
  if (!cookie) throw new Error("sign-in of a fresh member failed");
  return { email, password, cookie, id: created.body.user.id };
}

/**
 * Makes `member` an admin (as the admin signed in with `adminCookie`) and signs them in again:
 * a role change ends the user's sessions, so their old cookie is no longer anyone's.
 */
export async function promoteToAdmin<M extends { id: string; email: string; password: string; cookie: string }>(baseUrl: string, adminCookie: string, member: M): Promise<M> {
  const promoted = await api(baseUrl, `/api/users/${member.id}`, { method: "PATCH", cookie: adminCookie, body: { role: "ADMIN" } });
  if (promoted.status !== 200) throw new Error(`promotion failed: ${promoted.status} ${JSON.stringify(promoted.body)}`);
  const cookie = await signIn(baseUrl, member.email, member.password);
  if (!cookie) throw new Error("the promoted member could not sign in again");
  return { ...member, cookie };
}

/** Auth.js's own sign-out: POST /api/auth/signout with the session's CSRF token. */
export async function signOut(baseUrl: string, cookie: string): Promise<void> {
  const csrf = await fetch(new URL("/api/auth/csrf", baseUrl), { headers: { cookie } });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(new URL("/api/auth/signout", baseUrl), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: `${cookie}; ${cookiesFrom(csrf.headers)}` },
    body: new URLSearchParams({ csrfToken, callbackUrl: baseUrl }).toString(),
    redirect: "manual",
  });
  if (response.status >= 400) throw new Error(`sign-out failed: ${response.status}`);
}
