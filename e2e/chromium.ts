import { existsSync } from 'node:fs';

/**
 * Which Chromium the tests drive: $CHROMIUM_PATH, then Debian's /usr/bin/chromium, then
 * Playwright's own browser (undefined lets Playwright pick it, where it was installed).
 */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p): p is string => !!p && existsSync(p));
}

/** WebGPU needs --enable-unsafe-webgpu in headless Chromium; the rest keeps it off the network. */
export const chromiumArgs = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--no-sandbox',
];
