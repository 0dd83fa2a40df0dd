import { getServices } from "@/server/services";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    await getServices().db.$queryRaw`SELECT 1`;
    return Response.json({ ok: true });
  } catch {
    return Response.json({ ok: false, error: { code: "unavailable", message: "The database does not answer." } }, { status: 503 });
  }
}
