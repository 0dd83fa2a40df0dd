import { apiRoute } from "@/server/http/api-route";
import { buildOpenApiDocument } from "@/server/openapi/openapi-document";

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

/** The OpenAPI 3.1 document of the HTTP API, built from the request schemas on first use. */
export const GET = apiRoute(async () => {
  document ??= buildOpenApiDocument();
  return Response.json(document);
});
