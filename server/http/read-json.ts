import type { z } from "zod";
import { ApiError, invalidInput } from "./api-error";

export const MAX_JSON_BODY_BYTES = 16 * 1024;

/**
 * The request's JSON body, size-capped and validated. The cap is enforced while reading, so
 * a large body is refused without being buffered whole.
 */
export async function readJson<S extends z.ZodType>(
  request: Request,
  schema: S,
  { isOptional = false }: { isOptional?: boolean } = {},
): Promise<z.output<S>> {
  const text = await readCappedText(request, MAX_JSON_BODY_BYTES);
  let body: unknown;
  try {
    // An optional body may be left out altogether: it reads as {}.
    body = isOptional && text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new ApiError("invalid_input", "The request body must be JSON.", { fields: { body: "Not valid JSON" } });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw invalidInput(parsed.error);
  return parsed.data;
}

/** The body as text, refused with 413 once it passes `maxBytes` (declared or actually sent). */
export async function readCappedText(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError("payload_too_large", `The request body is larger than ${maxBytes} bytes.`, { limit: maxBytes });
}
