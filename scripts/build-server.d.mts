// Types for build-server.mjs (plain JavaScript so that `npm run build` runs it with Node alone).
export declare function buildServer(): Promise<void>;
