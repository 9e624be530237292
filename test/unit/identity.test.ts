import { describe, expect, it } from "vitest";
import { idNumberCheckChar, isValidIdNumber, isValidMobile } from "@/lib/validation/identity";

describe("GB 11643 identity numbers", () => {
  it("computes the check character", () => {
    // The standard's own example.
    expect(idNumberCheckChar("11010519491231002")).toBe("X");
    expect(isValidIdNumber("11010519491231002X")).toBe(true);
    expect(isValidIdNumber("11010519491231002x")).toBe(true);
  });

  it("rejects a wrong check digit, an impossible birth date, or a wrong length", () => {
    expect(isValidIdNumber("110105194912310021")).toBe(false);
    expect(isValidIdNumber(`11010519490230002${idNumberCheckChar("11010519490230002")}`)).toBe(false);
    expect(isValidIdNumber("1101051949123100")).toBe(false);
  });

  it("accepts mainland mobile numbers only", () => {
    expect(isValidMobile("13800138000")).toBe(true);
    expect(isValidMobile("12800138000")).toBe(false);
    expect(isValidMobile("1380013800")).toBe(false);
  });
});
