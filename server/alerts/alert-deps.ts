import type { Services } from "@/server/services";

/** What the alert use cases need; route handlers pass `getServices()`, tests their own. */
export type AlertDeps = Pick<Services, "db" | "realtime" | "push">;
