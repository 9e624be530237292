import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BOOKING_CODE_ALPHABET, isBookingCode, newBookingCode, parseBookingCode } from "@/lib/booking/code";
import { bookingCodeField } from "@/lib/booking/code-field";

// The alphabet leaves out the look-alikes 0/O, 1/I/L. Three earlier copies of the rule
// ([2-9A-HJ-NP-Z]) let "L" through; every parser now goes through lib/booking/code.ts.
const LOOK_ALIKES = ["0", "O", "1", "I", "L"];

describe("booking codes", () => {
  it("are made only of the alphabet, never of a look-alike", () => {
    for (const letter of LOOK_ALIKES) expect(BOOKING_CODE_ALPHABET).not.toContain(letter);
    for (let i = 0; i < 2000; i++) {
      const code = newBookingCode();
      expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/);
      expect(isBookingCode(code)).toBe(true);
    }
  });

  it("refuse L (and the other look-alikes) in every parser, the zod schema included", () => {
    for (const letter of LOOK_ALIKES) {
      for (const code of [`ABC${letter}EF`, `abc${letter.toLowerCase()}ef`, ` ${letter}23456 `]) {
        expect(isBookingCode(code), code).toBe(false);
        expect(parseBookingCode(code), code).toBeNull();
        const parsed = bookingCodeField().safeParse(code);
        expect(parsed.success, code).toBe(false);
        if (!parsed.success) expect(parsed.error.issues[0].message).toBe("预约码是 6 位字母和数字，请核对");
      }
    }
  });

  it("accept a real code however it is typed, and nothing of another length", () => {
    expect(parseBookingCode(" abc7kz ")).toBe("ABC7KZ");
    expect(bookingCodeField().parse(" abc7kz ")).toBe("ABC7KZ");
    expect(isBookingCode("abc7kz")).toBe(false);
    expect(parseBookingCode("ABC7K")).toBeNull();
    expect(parseBookingCode("ABC7KZ2")).toBeNull();
  });

  it("have no second copy of the rule in app/, lib/ or components/", () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const copies: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        if (statSync(file).isDirectory()) walk(file);
        else if (/\.tsx?$/.test(name) && file !== path.join(root, "lib/booking/code.ts")) {
          const text = readFileSync(file, "utf8");
          // A character class of capital letters with a hole in it (A-HJ-NP-Z, A-HJ-KM-NP-Z …).
          if (/\[[^\]]*A-H[^\]]*\]/.test(text) || text.includes("23456789ABCDEFGHJK")) copies.push(file);
        }
      }
    };
    for (const dir of ["app", "lib", "components"]) walk(path.join(root, dir));
    expect(copies).toEqual([]);
  });
});
