import type { MetadataRoute } from "next";

// What makes the site installable (and, on iOS, able to get Web Push at all: Safari delivers
// pushes only to a site added to the home screen, docs/PUSH.md). Served at /manifest.webmanifest.
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Newsflash",
    short_name: "Newsflash",
    description: "Breaking news, as it happens.",
    start_url: "/",
    scope: "/",
    display: "standalone",
    background_color: "#f8fafc",
    theme_color: "#0f172a",
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
