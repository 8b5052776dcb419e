// Writes the PWA icons (public/icons/icon-192.png, icon-512.png) from the same geometry as
// icon.svg: three rising bars (Low / Mid / High) on a dark rounded square. Plain zlib PNG
// encoding, so no image library is needed. Run: node scripts/make-icons.mjs
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};

// Geometry in a 100×100 box, shared with icon.svg.
const bars = [
  { x: 22, w: 16, y: 58, color: [0x4c, 0xc9, 0x8a] },
  { x: 42, w: 16, y: 40, color: [0xf2, 0xb1, 0x3c] },
  { x: 62, w: 16, y: 22, color: [0xef, 0x5b, 0x3a] },
];
const background = [0x14, 0x16, 0x1c];

function pixel(u, v) {
  const r = 18; // corner radius
  const cx = Math.min(Math.max(u, r), 100 - r);
  const cy = Math.min(Math.max(v, r), 100 - r);
  if ((u - cx) ** 2 + (v - cy) ** 2 > r * r) return [0, 0, 0, 0];
  for (const b of bars) if (u >= b.x && u < b.x + b.w && v >= b.y && v < 80) return [...b.color, 255];
  return [...background, 255];
}

function png(size) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const p = pixel(((x + 0.5) / size) * 100, ((y + 0.5) / size) * 100);
      raw.set(p, y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const size of [192, 512]) writeFileSync(`public/icons/icon-${size}.png`, png(size));
