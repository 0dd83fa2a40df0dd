import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError } from "@/server/http/api-error";
import { MAX_JSON_BODY_BYTES } from "@/server/http/read-json";
import { CLIENT_IP_HEADER, clientAddressOf } from "./client-ip";
import { checkOrigin } from "./origin-check";
import { createNonce, isHttpsRequest, securityHeaders } from "./security-headers";

const SINGLE_VALUED_HEADERS = ["Authorization", "Idempotency-Key"] as const;

export type HttpGuardOptions = { isDev: boolean; trustProxy: boolean };

/**
 * Runs on every HTTP request before Next.js sees it: records the client's address for the
 * limits, puts the security headers (with a fresh CSP nonce) on the response and the policy on
 * the request (Next.js reads its nonce from there), and refuses a repeated `Authorization` or
 * `Idempotency-Key` (400), cross-site state changes (403) and bodies declared larger than the
 * cap (413). Returns false when it answered itself.
 */
export function guardHttpRequest(request: IncomingMessage, response: ServerResponse, options: HttpGuardOptions): boolean {
  request.headers[CLIENT_IP_HEADER] = clientAddressOf(request, options.trustProxy);
  const headers = securityHeaders({ nonce: createNonce(), isDev: options.isDev, isHttps: isHttpsRequest(request) });
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  request.headers["content-security-policy"] = headers["Content-Security-Policy"];

  const repeated = SINGLE_VALUED_HEADERS.find((name) => (request.headersDistinct[name.toLowerCase()]?.length ?? 0) > 1);
  if (repeated) {
    // Node keeps the first Authorization and joins repeated Idempotency-Keys with ", ": a proxy
    // in front may have read another one. Ambiguous credentials or keys are refused outright.
    answer(request, response, new ApiError("invalid_input", `Send the ${repeated} header once.`, { fields: { [repeated]: "Sent more than once." } }));
    return false;
  }
  const origin = checkOrigin(request.method, request.headers);
  if (!origin.isAllowed) {
    answer(request, response, new ApiError("forbidden", origin.reason));
    return false;
  }
  const declaredLength = Number(request.headers["content-length"] ?? 0);
  if (declaredLength > MAX_JSON_BODY_BYTES) {
    answer(request, response, new ApiError("payload_too_large", `The request body is larger than ${MAX_JSON_BODY_BYTES} bytes.`, { limit: MAX_JSON_BODY_BYTES }));
    return false;
  }
  return true;
}

function answer(request: IncomingMessage, response: ServerResponse, error: ApiError): void {
  // The body is not wanted: let it drain, and close the connection rather than read it all.
  request.resume();
  response.statusCode = error.status;
  response.setHeader("Content-Type", "application/json");
  response.setHeader("Connection", "close");
  response.end(JSON.stringify(error.toBody()));
}
