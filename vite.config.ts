/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { securityHeaders } from './scripts/security-headers.ts';

// COOP/COEP make the page cross-origin isolated (wllama threads, measureUserAgentSpecificMemory);
// the CSP forbids eval but allows WebAssembly compilation. A static host must send the same
// headers: see README "Hosting".
export default defineConfig({
  plugins: [
    svelte(),
    VitePWA({
      registerType: 'prompt', // a new version is offered, never forced mid-task
      injectRegister: false,
      includeAssets: ['icons/*.png', 'icons/*.svg'],
      manifest: {
        name: 'WIRTHFORGE Performance',
        short_name: 'WIRTHFORGE',
        description: 'What can this machine run, how fast, and is it still running well?',
        theme_color: '#14161c',
        background_color: '#14161c',
        display: 'standalone',
        start_url: '.',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The app shell (JS, CSS, HTML, wasm of the engines) is precached; model weights are not:
        // they live in the engines' own caches, managed by the Model Loader.
        globPatterns: ['**/*.{js,css,html,svg,png,wasm,webmanifest}'],
        globIgnores: ['models/**'],
        maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/models\//],
      },
    }),
  ],
  worker: { format: 'es' },
  server: { headers: securityHeaders },
  preview: { headers: securityHeaders },
  build: { target: 'es2022', chunkSizeWarningLimit: 8000 },
  test: {
    include: ['src/**/*.test.ts', 'workers/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
  },
});
