import { getServices } from "@/server/services";
import { ApiError } from "./api-error";
import { currentRequestContext } from "./request-context";

type RouteContext<P> = { params: Promise<P> };

/**
 * Wraps a route handler so that every failure leaves as the contract's error shape: known
 * errors with their code, anything else as a plain 500 with the details kept in the log.
 */
export function apiRoute<P = Record<string, never>>(
  handler: (request: Request, context: RouteContext<P>) => Promise<Response>,
) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      return await handler(request, context);
    } catch (error) {
      if (error instanceof ApiError) return error.toResponse();
      logUnexpected(error, request);
      return new ApiError("internal", "Something went wrong on our side.").toResponse();
    }
  };
}

function logUnexpected(error: unknown, request: Request): void {
  try {
    // The request's own logger carries its id, so this line joins its access-log line.
    const logger = currentRequestContext()?.logger ?? getServices().logger;
    logger.error({ err: error, method: request.method, path: new URL(request.url).pathname }, "unhandled API error");
  } catch {
    console.error(error);
  }
}
