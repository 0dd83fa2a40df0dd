import { channelKey } from "@/lib/realtime/channel";
import type { ChannelRef } from "@/lib/realtime/contract";
import { api, newMember } from "@/test/support/http";
import type { AlertPlan, ReaderPlan } from "./protocol";

// Who the readers are. Signing up thousands of accounts would measure argon2, not fan-out, so a
// pool of members each opens many sockets (many devices per member): every socket still has its
// session decoded, its user looked up and every subscribe permission-checked on the server.

export const VISITORS_CHANNEL: ChannelRef = { name: "visitors" };
const TYPES_PER_MEMBER = 3;

export type MemberProfile = { cookie: string; channels: ChannelRef[] };

type SubscriptionType = { id: string; channelName: string; channelResource: string | null };

/** The member channels (one per subscription type) as the server lists them. */
export async function listTypeChannels(url: string): Promise<{ ids: string[]; channels: ChannelRef[] }> {
  const response = await api<SubscriptionType[]>(url, "/api/subscription-types");
  if (response.status !== 200 || response.body.length === 0) throw new Error(`GET /api/subscription-types answered ${response.status}`);
  return {
    ids: response.body.map((type) => type.id),
    channels: response.body.map((type) => (type.channelResource ? { name: type.channelName, resourceId: type.channelResource } : { name: type.channelName })),
  };
}

/** Signs up `count` members through the API, each choosing TYPES_PER_MEMBER types (rotating). */
export async function createMemberPool(url: string, count: number): Promise<MemberProfile[]> {
  const types = await listTypeChannels(url);
  const pool: MemberProfile[] = [];
  // A few at a time: argon2 makes each sign-up and sign-in cost tens of milliseconds of CPU.
  for (let first = 0; first < count; first += 5) {
    const batch = Array.from({ length: Math.min(5, count - first) }, (_, offset) => first + offset);
    pool.push(...(await Promise.all(batch.map((index) => createMember(url, index, types)))));
  }
  return pool;
}

async function createMember(url: string, index: number, types: { ids: string[]; channels: ChannelRef[] }): Promise<MemberProfile> {
  const { cookie } = await newMember(url);
  const chosen = Array.from({ length: Math.min(TYPES_PER_MEMBER, types.ids.length) }, (_, offset) => (index + offset) % types.ids.length);
  const saved = await api(url, "/api/subscriptions", { method: "PUT", body: { typeIds: chosen.map((at) => types.ids[at]) }, cookie });
  if (saved.status !== 200) throw new Error(`PUT /api/subscriptions answered ${saved.status}`);
  return { cookie, channels: chosen.map((at) => types.channels[at]!) };
}

/**
 * `count` readers, members evenly interleaved with visitors so that each generator's share has
 * the same mix. Members' cookies are left out for the floor, which has no identity. With
 * several URLs (instances), runs of `generators` consecutive readers go to one URL in turn:
 * generators take readers round-robin (measure.ts), so each generator's share holds readers of
 * every instance, and an instance's latency is not one generator's.
 */
export function planReaders(options: {
  count: number;
  memberShare: number;
  members: MemberProfile[];
  urls: string[];
  withCookies: boolean;
  generators: number;
}): ReaderPlan[] {
  const { count, memberShare, members, urls, withCookies, generators } = options;
  let membersSoFar = 0;
  return Array.from({ length: count }, (_, index) => {
    const url = urls[Math.floor(index / generators) % urls.length]!;
    const isMember = members.length > 0 && Math.floor((index + 1) * memberShare) > membersSoFar;
    if (!isMember) return { url, channels: [VISITORS_CHANNEL] };
    const member = members[membersSoFar % members.length]!;
    membersSoFar += 1;
    return withCookies ? { url, cookie: member.cookie, channels: member.channels } : { url, channels: member.channels };
  });
}

/** Alert 0 is a warm-up (not in the latency figures, still counted for losses); each goes to the visitors and one member type. */
export function planAlerts(count: number, typeChannels: ChannelRef[], runId: string): AlertPlan[] {
  return Array.from({ length: count + 1 }, (_, index) => {
    const type = typeChannels[index % typeChannels.length]!;
    const channels = [VISITORS_CHANNEL, type];
    return { index, text: `Fan-out bench ${runId} #${index}`, channels, channelKeys: channels.map(channelKey) };
  });
}
