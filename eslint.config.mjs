import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "dist/**", "node_modules/**", "server/db/generated/**", "test-results/**", "playwright-report/**", ".data/**", ".test-data/**", "next-env.d.ts"],
  },
  {
    // The house rule of docs/ARCHITECTURE.md: browser code never reaches into server/.
    files: ["components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/server/*", "**/server/*"], message: "Client code must not import from server/." }] }],
    },
  },
];

export default config;
