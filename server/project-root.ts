import { existsSync } from "node:fs";
import path from "node:path";

/**
 * The repository root: where the built app (.next), the migrations (prisma/migrations) and the
 * server's helper scripts are. Found by walking up from this module to the first package.json,
 * because the module runs from two depths: from the sources (server/project-root.ts, under tsx
 * or Vitest) and from the compiled bundle (dist/server/index.mjs, `npm start`), where every
 * bundled module's import.meta.url is the bundle's.
 */
export const PROJECT_ROOT = findProjectRoot(import.meta.dirname);

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json above ${start}: cannot find the project root.`);
  }
}
