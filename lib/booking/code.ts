// The one rule for booking codes, used by the server, the zod schemas and the kiosk's browser
// code alike: so no `server-only`, no node: imports and no zod here (the zod field is in
// code-field.ts; the kiosk's bundle would otherwise carry zod, 30 KB). Codes are read aloud and
// typed on a kiosk: no 0/O, 1/I/L look-alikes.
export const BOOKING_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const BOOKING_CODE_LENGTH = 6;
export const BOOKING_CODE_MESSAGE = "预约码是 6 位字母和数字，请核对";

export const BOOKING_CODE_RE = new RegExp(`^[${BOOKING_CODE_ALPHABET}]{${BOOKING_CODE_LENGTH}}$`);
// The largest multiple of the alphabet's length below 256: bytes above it are drawn again, so
// every letter is equally likely.
const UNBIASED_LIMIT = 256 - (256 % BOOKING_CODE_ALPHABET.length);

export function newBookingCode(): string {
  let code = "";
  // Random bytes in one call (each call costs a few µs), drawn again only if too many fell above
  // the limit (with 16 bytes for 6 letters, about once in 10^13 codes).
  const bytes = new Uint8Array(16);
  while (code.length < BOOKING_CODE_LENGTH) {
    globalThis.crypto.getRandomValues(bytes);
    for (const byte of bytes) {
      if (byte < UNBIASED_LIMIT) code += BOOKING_CODE_ALPHABET[byte % BOOKING_CODE_ALPHABET.length];
      if (code.length === BOOKING_CODE_LENGTH) break;
    }
  }
  return code;
}

/** Is this exactly a code (upper case, no spaces)? */
export function isBookingCode(value: string): boolean {
  return BOOKING_CODE_RE.test(value);
}

/** What a villager typed, trimmed and upper-cased, or null when it cannot be a code. */
export function parseBookingCode(value: string): string | null {
  const code = value.trim().toUpperCase();
  return isBookingCode(code) ? code : null;
}
