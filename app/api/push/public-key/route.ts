import { apiRoute } from "@/server/http/api-route";
import { getServices } from "@/server/services";

export const dynamic = "force-dynamic";

/** The VAPID public key, for the browser's pushManager.subscribe({ applicationServerKey }). */
export const GET = apiRoute(async () => Response.json({ publicKey: getServices().push.publicKey }));
