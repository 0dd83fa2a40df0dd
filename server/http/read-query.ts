import type { z } from "zod";
import { invalidInput } from "./api-error";

/** The URL's query parameters, validated; a repeated parameter keeps its last value. */
export function readQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const params = Object.fromEntries(new URL(request.url).searchParams.entries());
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw invalidInput(parsed.error, "Some query parameters are invalid.");
  return parsed.data;
}
