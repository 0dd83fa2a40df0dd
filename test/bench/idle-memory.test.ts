import { spawn } from "node:child_process";
import { expect, it } from "vitest";
import { processTree } from "@/bench/idle-memory";

// bench:memory counts a server's child processes too (the embedded database may live in one):
// a child that processTree missed would make the figure look better than it is.
it("finds a process's children and grandchildren", async () => {
  const script = `const { spawn } = require("node:child_process"); spawn("sleep", ["30"], { stdio: "ignore" }); console.log("up"); setTimeout(() => {}, 30000);`;
  const parent = spawn("bash", ["-c", `node -e '${script}'; sleep 30`], { stdio: ["ignore", "pipe", "ignore"] });
  try {
    await new Promise<void>((resolve) => parent.stdout.once("data", () => resolve()));
    const tree = processTree(parent.pid!);
    // bash, its node child and node's sleep.
    expect(tree.length).toBeGreaterThanOrEqual(3);
    expect(tree[0]).toBe(parent.pid);
  } finally {
    for (const pid of processTree(parent.pid!).reverse()) process.kill(pid, "SIGKILL");
  }
});
