/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WebAssembly and data files that must be loaded from node_modules at run time,
  // and postgres.js / bcryptjs are plain Node packages: keep them out of the server bundle.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "bcryptjs"],
  allowedDevOrigins: ["127.0.0.1"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
