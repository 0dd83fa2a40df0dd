import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../support/http";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

type LogLine = Record<string, unknown> & { msg?: string; requestId?: string };

function logLines(): LogLine[] {
  return server
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as LogLine);
}

/** Waits for the access-log line of a request: it is written when the response has finished. */
async function accessLineFor(requestId: string): Promise<LogLine> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const line = logLines().find((candidate) => candidate.msg === "request" && candidate.requestId === requestId);
    if (line) return line;
    if (Date.now() > deadline) throw new Error(`no access-log line for ${requestId}:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("request ids and the access log", () => {
  it("gives every response an x-request-id and logs one line for it, without the query or cookies", async () => {
    const response = await api(server.url, "/api/alerts?limit=3", { cookie: "authjs.session-token=not-a-real-token" });
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

    const line = await accessLineFor(requestId!);
    expect(line).toMatchObject({ method: "GET", path: "/api/alerts", status: 200, level: 30 });
    expect(line.durationMs).toEqual(expect.any(Number));
    const raw = JSON.stringify(logLines().filter((candidate) => candidate.requestId === requestId));
    expect(raw).not.toContain("not-a-real-token");
    expect(raw).not.toContain("limit=3");
  });

  it("honours a sane incoming x-request-id and replaces one that is not", async () => {
    const honoured = await api(server.url, "/api/health", { headers: { "x-request-id": "edge-proxy.42:abc" } });
    expect(honoured.headers.get("x-request-id")).toBe("edge-proxy.42:abc");
    expect(await accessLineFor("edge-proxy.42:abc")).toMatchObject({ path: "/api/health", status: 200 });

    const forged = await api(server.url, "/api/health", { headers: { "x-request-id": `x"} {"level":60` } });
    expect(forged.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const tooLong = await api(server.url, "/api/health", { headers: { "x-request-id": "a".repeat(129) } });
    expect(tooLong.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("logs refused API calls too, with their status", async () => {
    const response = await api(server.url, "/api/audit");
    expect(response.status).toBe(401);
    expect(await accessLineFor(response.headers.get("x-request-id")!)).toMatchObject({ method: "GET", path: "/api/audit", status: 401 });
  });
});
