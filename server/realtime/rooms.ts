import type { RealtimeSocket } from "./types";

// Socket.IO rooms share one namespace with socket ids (20 url-safe characters), so every room
// of this layer has a prefix no socket id can have. Channel keys never contain '|', so the
// user part of a per-user room can't be mistaken for part of the key.

/** Everyone subscribed to the channel key. */
export function channelRoom(key: string): string {
  return `channel:${key}`;
}

/** One user's sockets subscribed to the channel key: lets `publish({ users })` reach the intersection in one broadcast. */
export function userChannelRoom(key: string, userId: string): string {
  return `channel:${key}|${userId}`;
}

export function joinChannelRooms(socket: RealtimeSocket, key: string): void {
  void socket.join([channelRoom(key), userChannelRoom(key, socket.data.subscriber.id)]);
}

export function leaveChannelRooms(socket: RealtimeSocket, key: string, userIds: string[]): void {
  void socket.leave(channelRoom(key));
  for (const userId of userIds) void socket.leave(userChannelRoom(key, userId));
}
