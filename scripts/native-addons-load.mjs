// Loads every native addon (*.node) under node_modules into the Node.js running this script and
// exits 1, naming them, when any fails to load. .ci/run runs it on its second Node.js before
// reusing the node_modules that `npm ci` built with the machine's own: an N-API addon (argon2,
// sharp, Next's SWC, ...) loads on every Node.js version, one built against a version's own
// ABI does not, and then the second pass needs its own `npm ci`.
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";

const root = join(import.meta.dirname, "..");

function* addons(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* addons(path);
    else if (entry.isFile() && entry.name.endsWith(".node")) yield path;
  }
}

const failed = [];
let loaded = 0;
for (const path of addons(join(root, "node_modules"))) {
  try {
    process.dlopen({ exports: {} }, path);
    loaded += 1;
  } catch (error) {
    failed.push(`${relative(root, path)}: ${String(error.message).replace(/\s+/g, " ")}`);
  }
}

console.log(`native addons: ${loaded} load on Node.js ${process.version}, ${failed.length} do not`);
for (const line of failed) console.log(`  ${line}`);
process.exit(failed.length ? 1 : 0);
