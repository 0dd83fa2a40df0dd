import type { ChannelRef, Subscriber } from "@/lib/realtime/contract";
import { getReaderChannels } from "@/server/alerts/reader-channels";
import { subscriberForUser, type SessionUser } from "@/server/auth/session-user";
import { currentUser } from "@/server/http/require-user";
import type { Services } from "@/server/services";

export type Viewer = {
  user: SessionUser | null;
  /** "visitor", or the user's id: tells the browser when the page changed hands. */
  key: string;
  subscriber: Subscriber;
};

/** Who is looking at the page, as pages need it (role read from the database, not the token). */
export async function getViewer(): Promise<Viewer> {
  const user = await currentUser();
  return {
    user,
    key: user ? `user-${user.id}` : "visitor",
    subscriber: user ? subscriberForUser(user) : { type: "Visitor", id: "page-visitor" },
  };
}

export async function getViewerChannels(deps: Pick<Services, "db">, viewer: Viewer): Promise<ChannelRef[]> {
  return getReaderChannels(deps, viewer.user);
}
