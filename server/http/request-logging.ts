import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { requestIdFrom, runWithRequestContext } from "./request-context";

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

// Next's build output and icons: hundreds per page load and never interesting unless they fail.
const STATIC_PATH = /^\/(_next\/(static|image)\/|favicon\.ico$)/;

/**
 * Gives each HTTP request an id (the caller's `x-request-id` when sane, else a new UUID),
 * sends it back in `x-request-id`, runs the handler inside a request context that carries it
 * (route handlers' logs and audit records pick it up), and logs one line when the response is
 * done: method, path (never the query string), status, duration. Never cookies or bodies.
 * Socket.IO's own requests never come here: engine.io answers them first.
 */
export function withRequestLogging(handle: Handler, logger: Logger): Handler {
  return (request, response) => {
    const requestId = requestIdFrom(request.headers["x-request-id"]);
    // Next and the route handlers see the id we settled on, not what the caller sent.
    request.headers["x-request-id"] = requestId;
    response.setHeader("x-request-id", requestId);
    const requestLogger = logger.child({ requestId });
    const started = performance.now();

    response.once("close", () => {
      const path = (request.url ?? "/").split("?")[0] ?? "/";
      const line = {
        method: request.method,
        path,
        status: response.statusCode,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        ...(response.writableFinished ? {} : { aborted: true }),
      };
      if (response.statusCode >= 500) requestLogger.error(line, "request");
      else if (STATIC_PATH.test(path)) requestLogger.debug(line, "request");
      else requestLogger.info(line, "request");
    });

    runWithRequestContext({ requestId, logger: requestLogger }, () => handle(request, response));
  };
}
