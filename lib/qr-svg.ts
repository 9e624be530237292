import "server-only";
import QRCode from "qrcode";

/**
 * A QR code as inline SVG, black on white, drawn on the server: every page that shows one (the
 * kiosk's ticket, a booking, printed notices and receipts) gets markup, and the qrcode library
 * never ships to a browser.
 */
export function qrSvg(text: string, options: { margin?: number } = {}): Promise<string> {
  return QRCode.toString(text, {
    type: "svg",
    margin: options.margin ?? 1,
    errorCorrectionLevel: "M",
    color: { dark: "#000000", light: "#ffffff" },
  });
}
