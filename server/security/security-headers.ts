import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { headerValue } from "./client-ip";

export type PageSecurity = { nonce: string; isDev: boolean; isHttps: boolean };

/** 128 random bits per response: a script injected into a page can't guess it. */
export function createNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * Scripts run only with this response's nonce (Next.js puts it on its own scripts when it
 * finds the policy on the request) or when loaded by such a script ('strict-dynamic').
 * Styles allow inline: the pages set colours with `style` attributes, which nonces cannot
 * cover, and a style cannot run code. Dev mode needs eval for React's debugging aids.
 */
export function contentSecurityPolicy({ nonce, isDev, isHttps }: PageSecurity): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    // The Web Push service worker (/sw.js) and the web app manifest; said outright rather than
    // left to fall back to script-src, whose 'strict-dynamic' ignores 'self'.
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(isHttps ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** Headers for every response the site serves (pages, API, static files). */
export function securityHeaders(page: PageSecurity): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(page),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    // frame-ancestors covers current browsers; X-Frame-Options the ones that predate it.
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    ...(page.isHttps ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

/** Served over https here or by a proxy in front (the same signal Auth.js uses for its cookies). */
export function isHttpsRequest(request: IncomingMessage): boolean {
  const proto = headerValue(request.headers["x-forwarded-proto"])?.split(",")[0]?.trim().toLowerCase();
  return proto === "https" || Boolean((request.socket as { encrypted?: boolean }).encrypted);
}
