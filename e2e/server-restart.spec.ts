import { api, demoAdmin, signIn } from "../test/support/http";
import { startTestServer, type TestServer } from "../test/support/server";
import { banner, expect, expectLive, test, uniqueText } from "./support/fixtures";

// A server of this test's own (the suite's shared one must not restart under other tests).
let server: TestServer | undefined;

test.afterEach(async () => {
  await server?.stop();
  server = undefined;
});

test("a page open across a server restart shows the alert sent before it reconnected, without a reload", async ({ browser }) => {
  test.setTimeout(180_000);
  server = await startTestServer();
  const { dataDir } = server;
  const port = Number(new URL(server.url).port);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await expectLive(page);

  const exitCode = await server.stop();
  expect(exitCode, server.output().slice(-3000)).toBe(0);
  await expect(page.getByRole("status").filter({ hasText: "Connection lost" })).toBeVisible({ timeout: 30_000 });

  server = await startTestServer({ dataDir, port });
  const adminCookie = await signIn(server.url, demoAdmin.email, demoAdmin.password);
  const text = uniqueText("Sent while the page was reconnecting");
  const sent = await api(server.url, "/api/alerts", {
    method: "POST",
    cookie: adminCookie!,
    body: { text, color: "#b00020", channels: [{ name: "visitors" }] },
  });
  expect(sent.status).toBe(201);

  await expect(banner(page).getByText(text)).toBeVisible({ timeout: 60_000 });
  await expectLive(page);
  await context.close();
});
