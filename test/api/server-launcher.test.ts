import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { SERVER_LAUNCHER } from "../../scripts/server-bundle.mjs";

const SETTINGS = ["MALLOC_ARENA_MAX", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_"] as const;

/**
 * The glibc settings that the node started by scripts/start-server.sh sees. Arguments go to node
 * before the server's file, so `-p` makes it print them instead of starting the server.
 */
function settingsSeenByNode(own: Partial<Record<(typeof SETTINGS)[number], string>> = {}): (string | null)[] {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE: process.execPath };
  for (const name of SETTINGS) delete env[name];
  Object.assign(env, own);
  const expression = `JSON.stringify(${JSON.stringify(SETTINGS)}.map((name) => process.env[name] ?? null))`;
  return JSON.parse(execFileSync("sh", [SERVER_LAUNCHER, "-p", expression], { env, encoding: "utf8" })) as (string | null)[];
}

describe("the server launcher's memory settings (docs/BENCHMARKS.md, Idle memory)", () => {
  it("gives the server one malloc arena and glibc's fixed mmap and trim thresholds", () => {
    expect(settingsSeenByNode()).toEqual(["1", "131072", "4194304"]);
  });

  it("leaves an operator's own values in place", () => {
    const own = { MALLOC_ARENA_MAX: "4", MALLOC_MMAP_THRESHOLD_: "1048576", MALLOC_TRIM_THRESHOLD_: "0" };
    expect(settingsSeenByNode(own)).toEqual(["4", "1048576", "0"]);
  });
});
