// Headers every host of the app must send (dev server, preview server, and any static host).
// COOP + COEP: cross-origin isolation, so SharedArrayBuffer (wllama threads) and
// performance.measureUserAgentSpecificMemory are available.
// CSP: no 'unsafe-eval'; 'wasm-unsafe-eval' lets WebAssembly compile. connect-src allows any
// https/http origin because model weights and remote OpenAI-compatible servers are user-configured.
// frame-ancestors 'none' forbids framing (clickjacking); base-uri and form-action stop an injected
// <base> or <form> from sending the page's data elsewhere.
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self' http: https: ws: blob: data:",
  "manifest-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

export const securityHeaders: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Content-Security-Policy': contentSecurityPolicy,
};
