// Writes the site's icons (web app manifest, notifications, iOS home screen) as PNGs, with
// Node alone: a white lightning bolt on the alert red, the same drawing as app/icon.svg.
// Run `node scripts/generate-icons.mjs` after changing the drawing; the PNGs are committed.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { deflateSync } from "node:zlib";

const ROOT = path.resolve(import.meta.dirname, "..");
const RED = [0xb9, 0x1c, 0x1c];
const WHITE = [0xff, 0xff, 0xff];
// The bolt, in a 100 x 100 box (app/icon.svg draws the same points).
const BOLT = [
  [56, 10],
  [27, 56],
  [47, 56],
  [40, 90],
  [73, 42],
  [53, 42],
  [63, 10],
];

const outputs = [
  { file: "public/icons/icon-192.png", size: 192, shape: "rounded" },
  { file: "public/icons/icon-512.png", size: 512, shape: "rounded" },
  // Maskable: the platform cuts its own shape, so fill the square and keep the bolt in the safe zone.
  { file: "public/icons/maskable-512.png", size: 512, shape: "full", boltScale: 0.7 },
  // A notification badge is drawn from its alpha alone: the bolt on nothing.
  { file: "public/icons/badge-96.png", size: 96, shape: "none" },
  { file: "app/apple-icon.png", size: 180, shape: "full" },
];

for (const output of outputs) {
  writeFileSync(path.join(ROOT, output.file), encodePng(output.size, draw(output)));
  console.log(`wrote ${output.file}`);
}

function draw({ size, shape, boltScale = 1 }) {
  const pixels = Buffer.alloc(size * size * 4);
  const samples = 4; // 4 x 4 samples per pixel smooth the edges
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let background = 0;
      let bolt = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const u = ((x + (sx + 0.5) / samples) / size) * 100;
          const v = ((y + (sy + 0.5) / samples) / size) * 100;
          if (shape === "full" || (shape === "rounded" && inRoundedSquare(u, v, 20))) background++;
          const bu = 50 + (u - 50) / boltScale;
          const bv = 50 + (v - 50) / boltScale;
          if (inPolygon(bu, bv, BOLT)) bolt++;
        }
      }
      const total = samples * samples;
      const boltShare = bolt / total;
      const coverage = Math.max(background / total, boltShare);
      const color = RED.map((channel, index) => Math.round(channel * (1 - boltShare) + WHITE[index] * boltShare));
      const offset = (y * size + x) * 4;
      pixels[offset] = shape === "none" ? 255 : color[0];
      pixels[offset + 1] = shape === "none" ? 255 : color[1];
      pixels[offset + 2] = shape === "none" ? 255 : color[2];
      pixels[offset + 3] = Math.round((shape === "none" ? boltShare : coverage) * 255);
    }
  }
  return pixels;
}

function inRoundedSquare(u, v, radius) {
  const cu = Math.min(Math.max(u, radius), 100 - radius);
  const cv = Math.min(Math.max(v, radius), 100 - radius);
  return (u - cu) ** 2 + (v - cv) ** 2 <= radius ** 2;
}

function inPolygon(u, v, points) {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [ui, vi] = points[i];
    const [uj, vj] = points[j];
    if (vi > v !== vj > v && u < ((uj - ui) * (v - vi)) / (vj - vi) + ui) inside = !inside;
  }
  return inside;
}

function encodePng(size, rgba) {
  const rows = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
