import { defineConfig } from "prisma/config";

// No datasource URL here: the app connects through a driver adapter (server/db/), and the
// CLI's migrate commands are not used on our machines (see docs/DATABASE.md).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
