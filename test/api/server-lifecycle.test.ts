import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { api, demoAdmin, signIn } from "../support/http";
import { removeDataDir, startTestServer, type TestServer } from "../support/server";
import { connectSocket, subscribe, texts, waitForMessages } from "../support/socket";

const started: TestServer[] = [];
afterEach(async () => {
  for (const server of started.splice(0)) {
    await server.stop();
    removeDataDir(server.dataDir);
  }
});

describe("the production server", () => {
  it("keeps its database and auth secret in DATA_DIR, stops cleanly on SIGTERM and starts again with everything intact", async () => {
    const first = await startTestServer();
    started.push(first);
    expect(existsSync(path.join(first.dataDir, "auth-secret"))).toBe(true);
    const secret = readFileSync(path.join(first.dataDir, "auth-secret"), "utf8");
    const cookie = await signIn(first.url, demoAdmin.email, demoAdmin.password);
    const reader = await connectSocket(first.url);
    await subscribe(reader, { name: "visitors" });
    const send = (url: string, text: string) =>
      api(url, "/api/alerts", { method: "POST", cookie: cookie!, body: { text, color: "#00aa00", channels: [{ name: "visitors" }] } });
    expect((await send(first.url, "seen before the restart")).status).toBe(201);
    const [seen] = await waitForMessages(reader, (messages) => messages.length === 1);
    reader.disconnect();
    expect((await send(first.url, "survives restarts")).status).toBe(201);
    const typeCount = (await api<unknown[]>(first.url, "/api/subscription-types")).body.length;

    expect(await first.stop()).toBe(0);
    started.pop();

    const second = await startTestServer({ dataDir: first.dataDir });
    started.push(second);
    expect(readFileSync(path.join(second.dataDir, "auth-secret"), "utf8")).toBe(secret);
    // The old session cookie still works: same secret.
    const session = await api(second.url, "/api/auth/session", { cookie: cookie! });
    expect(session.body.user.email).toBe(demoAdmin.email);
    const archive = await api<{ text: string }[]>(second.url, "/api/alerts");
    expect(archive.body.map((alert) => alert.text)).toEqual(["survives restarts", "seen before the restart"]);
    // A reader who was away across the restart catches up from the log, then goes on live.
    const back = await connectSocket(second.url);
    expect(await subscribe(back, { name: "visitors" }, seen!.id)).toMatchObject({ ok: true, replay: { count: 1, complete: true } });
    expect((await send(second.url, "after the restart")).status).toBe(201);
    expect(texts(await waitForMessages(back, (messages) => messages.length === 2))).toEqual(["survives restarts", "after the restart"]);
    back.disconnect();
    // Seeding happens once: a restart does not add the types again.
    expect((await api<unknown[]>(second.url, "/api/subscription-types")).body.length).toBe(typeCount);
  }, 180_000); // two cold starts of the embedded database, slow when the machine is busy

  it("skips the demo accounts when SEED_DEMO_USERS=false", async () => {
    const server = await startTestServer({ env: { SEED_DEMO_USERS: "false" } });
    started.push(server);
    expect(await signIn(server.url, demoAdmin.email, demoAdmin.password)).toBeNull();
    expect((await api<unknown[]>(server.url, "/api/subscription-types")).body.length).toBeGreaterThan(0);
  });
});
