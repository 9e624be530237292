import type { MetadataRoute } from "next";

// The web app manifest: the icons a phone puts on its home screen when a villager adds the site
// (the favicon, app/favicon.ico and app/icon.svg, and the apple-touch-icon, app/apple-icon.png,
// are Next.js metadata files beside this one). The PNGs are app/icon.svg drawn at those sizes.
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "一窗 · 便民服务中心",
    short_name: "一窗",
    description: "便民服务中心网上办事指南与预约：一窗受理、分类办理、统一出件。",
    lang: "zh-CN",
    start_url: "/",
    display: "standalone",
    background_color: "#f8fafc",
    theme_color: "#0b5cad",
    icons: [
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml" },
      { src: "/icon-192.png", sizes: "192x192", type: "image/png" },
      { src: "/icon-512.png", sizes: "512x512", type: "image/png" },
    ],
  };
}
