import type { PushNudge } from "@/server/push/enqueue";
import type { Services } from "@/server/services";

/**
 * What the alert use cases need; route handlers pass `getServices()`, tests their own. `push`
 * wakes this instance's push worker after a commit; without it the pushes are recorded all the
 * same and sent at the worker's next poll.
 */
export type AlertDeps = Pick<Services, "db" | "realtime"> & { push?: PushNudge };
