import { randomInt } from "node:crypto";

// Booking codes are read aloud and typed on a kiosk: no 0/O, 1/I/L look-alikes.
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

export function newBookingCode(length = 6): string {
  let code = "";
  for (let i = 0; i < length; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

export function isBookingCode(value: string): boolean {
  return new RegExp(`^[${ALPHABET}]{6}$`).test(value);
}
