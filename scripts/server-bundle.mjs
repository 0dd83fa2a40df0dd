// Where `npm run build` writes the compiled production server (scripts/build-server.mjs), for
// everything that starts it: `npm start`, the e2e suite, the integration tests and benchmarks
// (test/support/server.ts). deploy/Dockerfile and package.json spell the same paths out.
export const SERVER_BUNDLE = "dist/server/index.mjs";

// What starts SERVER_BUNDLE with the memory settings every start path shares (run with `sh`;
// arguments go to node): see the script for what and why.
export const SERVER_LAUNCHER = "scripts/start-server.sh";
