import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readOrCreateAuthSecret } from "./auth-secret-file";

const modeOf = (file: string) => (statSync(file).mode & 0o777).toString(8);

describe("the generated auth secret file", () => {
  let root: string;
  let dataDir: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "newsflash-secret-"));
    dataDir = path.join(root, "data");
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("is created with mode 0600 in a data dir created with mode 0700, and read back the same", () => {
    const secret = readOrCreateAuthSecret(dataDir);
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(modeOf(dataDir)).toBe("700");
    expect(modeOf(path.join(dataDir, "auth-secret"))).toBe("600");
    expect(readOrCreateAuthSecret(dataDir)).toBe(secret);
  });

  it("is refused, with the fix in the message, when other accounts can read it", () => {
    const secret = readOrCreateAuthSecret(dataDir);
    const file = path.join(dataDir, "auth-secret");
    chmodSync(file, 0o644);
    expect(() => readOrCreateAuthSecret(dataDir)).toThrow(`${file} can be read by other accounts (mode 0644) and holds a secret. Run: chmod 600 ${file}`);
    chmodSync(file, 0o640);
    expect(() => readOrCreateAuthSecret(dataDir)).toThrow(/mode 0640/);
    chmodSync(file, 0o600);
    expect(readOrCreateAuthSecret(dataDir)).toBe(secret);
  });

  it("is refused when it holds fewer than 32 characters", () => {
    mkdirSync(dataDir, { mode: 0o700 });
    writeFileSync(path.join(dataDir, "auth-secret"), "  too short  \n", { mode: 0o600 });
    expect(() => readOrCreateAuthSecret(dataDir)).toThrow(/holds 9 characters; an auth secret needs at least 32/);
  });

  it("tightens a data dir that other accounts could enter, and keeps what was in it", () => {
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    writeFileSync(path.join(dataDir, "auth-secret"), "s".repeat(40), { mode: 0o600 });
    expect(readOrCreateAuthSecret(dataDir)).toBe("s".repeat(40));
    expect(modeOf(dataDir)).toBe("700");
    expect(readFileSync(path.join(dataDir, "auth-secret"), "utf8")).toBe("s".repeat(40));
  });
});
