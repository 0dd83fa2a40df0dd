// Adds lock entries for the other platforms' optional binary packages that this machine's
// npm registry mirror does not carry (e.g. @next/swc-darwin-arm64 at our Next version).
// `npm install` quietly leaves them out of package-lock.json, and then `npm ci` refuses the
// lock as out of sync. Each entry gets the os/cpu its name says, so npm ci skips it here as
// a foreign platform, and a machine of that platform still installs it by name and version.
// Run after `npm install` changes the lock: node scripts/lock-foreign-platforms.mjs
import { readFileSync, writeFileSync } from "node:fs";

const LOCK = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(LOCK, "utf8"));
const packages = lock.packages;
const OS = ["darwin", "linux", "win32", "freebsd", "android", "openharmony", "sunos", "aix", "netbsd", "openbsd"];
const CPU = ["arm64", "x64", "ia32", "arm", "loong64", "ppc64", "riscv64", "s390x", "wasm32", "mips64el"];

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${path ? `${path}/` : ""}node_modules/${name}`;
    if (packages[nested] || packages[`node_modules/${name}`]) continue;
    const tokens = name.split("/").pop().split("-");
    const os = tokens.filter((token) => OS.includes(token));
    const cpu = tokens.map((token) => (token === "eabi" || token === "gnueabihf" || token === "musleabihf" ? "arm" : token)).filter((token) => CPU.includes(token));
    if (name.includes("win32") && !os.includes("win32")) os.push("win32");
    if (os.length === 0 && cpu.length === 0) {
      console.warn(`left alone: ${name} (no platform in its name)`);
      continue;
    }
    const libc = tokens.includes("musl") || tokens.includes("musleabihf") ? ["musl"] : tokens.includes("gnu") || tokens.includes("gnueabihf") ? ["glibc"] : undefined;
    packages[`node_modules/${name}`] = {
      version: range.replace(/^[\^~=]/, ""),
      optional: true,
      ...(os.length ? { os } : {}),
      ...(cpu.length ? { cpu: [...new Set(cpu)] } : {}),
      ...(libc ? { libc } : {}),
    };
    added += 1;
  }
}
const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))));
lock.packages = sorted;
writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} foreign-platform entries`);
