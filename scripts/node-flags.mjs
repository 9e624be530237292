// The Node.js flags the app runs with in production (`npm start`, and the benchmarks that measure it):
// - a young generation of 32 MB per semi-space (V8's default is 16), so that the short-lived
//   objects of a fan-out to thousands of open screens die young instead of being promoted and
//   growing the old generation;
// - `gc` exposed, so that after a surge of screens closes the instance gives the memory back at
//   once (lib/queue/stream.ts) instead of holding it until the next allocation pressure.
export const NODE_FLAGS = ["--max-semi-space-size=32", "--expose-gc"];

// `next start`'s own options, the same wherever the app is started (npm start, the e2e servers, the
// benchmarks): idle keep-alive connections are kept 65 s instead of Node's 5 s, longer than a client's
// or a proxy's idle reuse (nginx keeps upstream connections 60 s), so that a request sent on a reused
// connection never meets the server closing it at that moment (ECONNRESET).
export const NEXT_START_ARGS = ["--keepAliveTimeout", "65000"];
