// Where `npm run build` writes the compiled production server (scripts/build-server.mjs), for
// everything that starts it: `npm start`, the e2e suite, the integration tests and benchmarks
// (test/support/server.ts). deploy/Dockerfile and package.json spell the same path out.
export const SERVER_BUNDLE = "dist/server/index.mjs";
