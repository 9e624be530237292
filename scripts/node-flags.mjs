// The Node.js flags the app runs with in production (`npm start`, and the benchmarks that measure it):
// - a young generation of 32 MB per semi-space (V8's default is 16), so that the short-lived
//   objects of a fan-out to thousands of open screens die young instead of being promoted and
//   growing the old generation;
// - `gc` exposed, so that after a surge of screens closes the instance gives the memory back at
//   once (lib/queue/stream.ts) instead of holding it until the next allocation pressure.
export const NODE_FLAGS = ["--max-semi-space-size=32", "--expose-gc"];
