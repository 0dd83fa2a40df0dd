import { request as httpRequest } from "node:http";
import { expect } from "vitest";
import { api } from "./http";

export type CreatedTokenBody = { token: { id: string; name: string; createdAt: string }; secret: string };

/** A publishing token made by the admin whose cookie this is; `name` is made unique. */
export async function createApiToken(baseUrl: string, adminCookie: string, name = "test"): Promise<CreatedTokenBody> {
  const response = await api<CreatedTokenBody>(baseUrl, "/api/tokens", {
    method: "POST",
    cookie: adminCookie,
    body: { name: `${name} ${Math.random().toString(36).slice(2, 10)}` },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

export const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

/**
 * A request as `fetch` can't send it: `headers` is a flat list of name/value pairs, so a header
 * may appear more than once. Answers the status and the parsed JSON body.
 */
export function rawRequest(
  baseUrl: string,
  path: string,
  options: { method: string; headers: [string, string][]; body?: string },
): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- asserted field by field
  const url = new URL(path, baseUrl);
  const headers: Record<string, string[]> = {};
  for (const [name, value] of options.headers) (headers[name.toLowerCase()] ??= []).push(value);
  if (options.body !== undefined) {
    headers["content-type"] = ["application/json"];
    headers["content-length"] = [String(Buffer.byteLength(options.body))];
  }
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method: options.method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          // keep the text for the assertion message
        }
        resolve({ status: response.statusCode ?? 0, body });
      });
    });
    outgoing.on("error", reject);
    outgoing.end(options.body);
  });
}
