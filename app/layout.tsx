import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "潜川镇便民服务中心 · 一窗", template: "%s · 潜川镇便民服务中心" },
  description: "便民服务中心网上办事指南与预约：一窗受理、分类办理、统一出件。",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0b5cad" };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request: its scripts carry that response's CSP nonce (proxy.ts). A page
  // prerendered at build time would have scripts without one, and the browser would refuse them.
  await connection();
  return (
    <html lang="zh-CN">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
