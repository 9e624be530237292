/**
 * Content-Disposition of a download with a Chinese file name: an ASCII `filename` for old clients
 * and the real name as RFC 5987 `filename*` (UTF-8, percent-encoded), which every current browser
 * prefers.
 */
export function attachmentDisposition(fileName: string, asciiFallback: string): string {
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, "_")}"; filename*=UTF-8''${encoded}`;
}
