import { randomInt } from "node:crypto";
import { COMMON_PASSWORDS_TEXT } from "@/lib/auth/common-passwords";

// The one place for what a staff or device password must be, used by creating an account, an
// admin's reset and changing one's own password (and by the forms, for their hints). What a county
// IT office asks for: long enough, not the username, not a password everyone tries first.

export const MIN_PASSWORD_LENGTH = 10;
/** bcrypt reads only the first 72 bytes: a longer password would silently lose its tail. */
export const MAX_PASSWORD_BYTES = 72;

export const PASSWORD_HINT = `至少 ${MIN_PASSWORD_LENGTH} 位，不能与用户名相同或包含用户名，不能是常见密码`;

const COMMON = new Set(
  COMMON_PASSWORDS_TEXT.split("\n")
    .map((line) => line.trim())
    .filter(Boolean),
);

export function isCommonPassword(password: string): boolean {
  return COMMON.has(password.toLowerCase());
}

/** The Chinese reason a password is refused, or null when it may be used. */
export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `密码至少 ${MIN_PASSWORD_LENGTH} 位`;
  if (Buffer.byteLength(password, "utf8") > MAX_PASSWORD_BYTES) return "密码太长（最多 72 个字节，约 24 个汉字）";
  const lower = password.toLowerCase();
  const name = username?.trim().toLowerCase();
  if (name && (lower.includes(name) || lower.includes([...name].reverse().join(""))))
    return "密码不能与用户名相同或包含用户名";
  if (new Set(lower).size <= 2) return "密码不能只由一两个字符重复组成";
  if (isCommonPassword(password)) return "这是常见密码，容易被猜到，请换一个";
  return null;
}

// No 0/O, 1/l/I: the admin reads the one-time password out or writes it on paper.
const ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A one-time password (12 characters, about 69 bits) that passes the rules above. */
export function generateOneTimePassword(): string {
  for (;;) {
    const password = Array.from({ length: 12 }, () => ONE_TIME_ALPHABET[randomInt(ONE_TIME_ALPHABET.length)]).join("");
    if (passwordProblem(password) === null) return password;
  }
}
