// The village day's service worker (issue #15, docs/decisions/009-offline-village-day.md).
// Registered by /village with scope /village: it serves that page and the build's static files it
// needs when there is no network. Hand-written on purpose: one page to keep, no precache manifest.
//
// - /village (a navigation): the network first (4 s), and the copy kept at "take the day along"
//   when the network fails. A fresh answer replaces the copy; a redirect (signed out) never does.
// - /_next/static/… (hashed, immutable): the cache first, else the network, then kept.
// - Everything else (the API, the session): straight to the network, never cached.

const CACHE = "yichuang-village-v1";
const PAGE = "/village";

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

async function page(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await withTimeout(fetch(request), 4000);
    if (response.ok && !response.redirected && response.type === "basic") await cache.put(PAGE, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(PAGE);
    if (kept) return kept;
    throw error;
  }
}

async function staticFile(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (event.request.mode === "navigate" && url.pathname === PAGE) event.respondWith(page(event.request));
  else if (url.pathname.startsWith("/_next/static/")) event.respondWith(staticFile(event.request));
});

// The page asks to keep its own files when the day is taken along (they loaded before this worker
// controlled the page, so it has not seen them).
self.addEventListener("message", (event) => {
  if (event.data?.type !== "keep") return;
  const urls = (event.data.urls || []).filter((u) => {
    try {
      const url = new URL(u, self.location.origin);
      return url.origin === self.location.origin && url.pathname.startsWith("/_next/static/");
    } catch {
      return false;
    }
  });
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await Promise.all(urls.map((u) => cache.add(u).catch(() => {})));
      await cache.add(PAGE);
      event.ports[0]?.postMessage({ ok: true });
    })().catch((error) => event.ports[0]?.postMessage({ ok: false, error: String(error) })),
  );
});
