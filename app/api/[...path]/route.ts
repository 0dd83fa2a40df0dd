import { ApiError } from "@/server/http/api-error";

// Any /api path no route claims: the contract's 404, not the site's HTML page.
const notFound = async (): Promise<Response> => new ApiError("not_found", "There is no such API endpoint.").toResponse();

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
