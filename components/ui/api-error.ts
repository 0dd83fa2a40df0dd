/** The contract's error body: `{ error: { code, message, fields? } }`. */
export type ApiErrorBody = { code: string; message: string; fields: Record<string, string> };

/** Reads an error response; anything unexpected becomes a plain message. */
export async function readApiError(response: Response): Promise<ApiErrorBody> {
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown; fields?: unknown } };
    const error = body.error;
    const fields: Record<string, string> = {};
    if (error?.fields && typeof error.fields === "object") {
      for (const [name, message] of Object.entries(error.fields as Record<string, unknown>)) {
        if (typeof message === "string") fields[name] = message;
      }
    }
    return {
      code: typeof error?.code === "string" ? error.code : "internal",
      message: typeof error?.message === "string" ? error.message : `The server answered ${response.status}.`,
      fields,
    };
  } catch {
    return { code: "internal", message: `The server answered ${response.status}.`, fields: {} };
  }
}

export const NETWORK_ERROR = "Could not reach the server. Check your connection and try again.";
