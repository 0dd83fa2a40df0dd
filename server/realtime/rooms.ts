import type { RealtimeIo, RealtimeSocket } from "./types";

// Socket.IO rooms share one namespace with socket ids (20 url-safe characters), so every room
// of this layer has a prefix no socket id can have.
const PREFIX = "channel:";

/** Everyone subscribed to the channel key. */
export function channelRoom(key: string): string {
  return `${PREFIX}${key}`;
}

/**
 * The channel rooms sockets join, with one copy of each room's name and key for all its sockets.
 * Each subscribe builds its key and room name afresh, and the adapter keeps the name a socket
 * joined with in that socket's own set of rooms: without this every socket held its own copies
 * (docs/BENCHMARKS.md, "What a reader keeps"). A name is forgotten when the adapter deletes its
 * room (the last socket left), so this holds the names of the rooms that exist, no more.
 *
 * One room per channel, none per user: a send to some users only (`users`), or past the
 * publisher's own sockets, picks them out of the channel's room when it is sent (publish.ts).
 * A room per user and channel cost every socket one more room, visitors included, for sends the
 * alert path never makes.
 */
export class ChannelRooms {
  private readonly byRoom = new Map<string, { key: string; room: string }>();

  constructor(io: RealtimeIo) {
    io.of("/").adapter.on("delete-room", (room: unknown) => {
      if (typeof room === "string") this.byRoom.delete(room);
    });
  }

  /** Joins the socket to the key's room; returns the shared copy of `key`, for the caller to keep instead of its own. */
  join(socket: RealtimeSocket, key: string): string {
    const room = channelRoom(key);
    let names = this.byRoom.get(room);
    if (!names) {
      names = { key, room };
      this.byRoom.set(room, names);
    }
    void socket.join(names.room);
    return names.key;
  }

  leave(socket: RealtimeSocket, key: string): void {
    void socket.leave(channelRoom(key));
  }
}
