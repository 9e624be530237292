import { fileURLToPath } from "node:url";
import { sourceHash } from "./scripts/source-hash.mjs";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WebAssembly and data files that must be loaded from node_modules at run time,
  // postgres.js / bcryptjs are plain Node packages, and chinese-days ships an ES build marked as
  // CommonJS that Turbopack refuses: keep them out of the server bundle.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "bcryptjs", "chinese-days"],
  allowedDevOrigins: ["127.0.0.1"],
  poweredByHeader: false,
  reactStrictMode: true,
  // The build's id is the hash of its sources: `npm start` (scripts/start.mjs) compares it with
  // .next/BUILD_ID and builds only when the code changed.
  generateBuildId: () => sourceHash(fileURLToPath(new URL(".", import.meta.url))),
};

export default nextConfig;
