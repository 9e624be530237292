import { describe, expect, it } from "vitest";
import { chooseBrowser, installPlan } from "../../scripts/ensure-browser.mjs";

// The browser `npm test` gives Playwright, decided without touching the machine's browsers.
const on =
  (...present: string[]) =>
  (path: string) =>
    present.includes(path);
const PLAYWRIGHT = "/root/.cache/ms-playwright/chromium-1/chrome-linux64/chrome";

describe("chooseBrowser", () => {
  it("takes CHROMIUM_PATH first when it names a file", () => {
    expect(
      chooseBrowser({
        env: { CHROMIUM_PATH: "/opt/chromium" },
        exists: on("/opt/chromium", "/usr/bin/chromium", PLAYWRIGHT),
        playwrightPath: PLAYWRIGHT,
      }),
    ).toEqual({ source: "CHROMIUM_PATH", path: "/opt/chromium", notes: [] });
  });

  it("says so when CHROMIUM_PATH points nowhere and falls back to Debian's chromium", () => {
    const choice = chooseBrowser({
      env: { CHROMIUM_PATH: "/nowhere" },
      exists: on("/usr/bin/chromium"),
      playwrightPath: PLAYWRIGHT,
    });
    expect(choice).toMatchObject({ source: "debian", path: "/usr/bin/chromium" });
    expect(choice.notes).toEqual(["CHROMIUM_PATH=/nowhere does not exist; looking further"]);
  });

  it("uses Playwright's own browser only when it is on disk", () => {
    expect(chooseBrowser({ env: {}, exists: on(PLAYWRIGHT), playwrightPath: PLAYWRIGHT })).toMatchObject({
      source: "playwright",
      path: PLAYWRIGHT,
    });
    expect(chooseBrowser({ env: {}, exists: on(), playwrightPath: PLAYWRIGHT })).toMatchObject({
      source: "install",
      path: null,
    });
    expect(chooseBrowser({ env: {}, exists: on(), playwrightPath: null })).toMatchObject({ source: "install" });
  });

  it("looks for Debian's chromium where it is told to", () => {
    expect(chooseBrowser({ env: {}, exists: on("/usr/bin/chromium"), debianPath: "/elsewhere" }).source).toBe(
      "install",
    );
  });
});

describe("installPlan", () => {
  it("tries Playwright's download, then Debian's package, but apt-get only as root", () => {
    expect(installPlan({ isRoot: true }).map((s) => s.commands)).toEqual([
      [["npx", ["playwright", "install", "chromium"]]],
      [
        ["apt-get", ["update"]],
        ["apt-get", ["install", "-y", "chromium"]],
      ],
    ]);
    expect(installPlan({ isRoot: false }).map((s) => s.label)).toEqual(["Playwright's Chromium"]);
  });
});
