import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTION_LABELS } from "@/lib/audit/labels";
import { TRANSITIONS } from "@/lib/cases/transitions";

// The audit log is read in Chinese: every action an operation writes must have its label in
// lib/audit/labels.ts. The actions are read from the code itself: dotted string literals
// ("staff.create") on the lines that name an action in the files that write audit lines, the case
// steps (`case.${action}`), and the sign-in lines.

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.tsx?$/.test(name) ? [file] : [];
  });
}

function writtenActions(): string[] {
  const actions = new Set<string>(["login", "logout"]);
  for (const action of Object.keys(TRANSITIONS)) actions.add(`case.${action}`);
  for (const file of [...sourceFiles("lib"), ...sourceFiles("app")]) {
    const text = readFileSync(file, "utf8");
    if (!/from "@\/lib\/audit"/.test(text) || file.startsWith(path.join("lib", "audit"))) continue;
    // Literals on a line that names the action (both sides of a ternary too).
    for (const line of text.split("\n").filter((l) => /\baction\b/.test(l))) {
      for (const m of line.matchAll(/"([a-z_]+\.[a-z_-]+)"/g)) actions.add(m[1]);
    }
  }
  return [...actions].sort();
}

describe("the audit log in Chinese", () => {
  it("has a label for every action the code writes", () => {
    const actions = writtenActions();
    expect(actions.length).toBeGreaterThan(30);
    expect(actions.filter((a) => !(a in AUDIT_ACTION_LABELS))).toEqual([]);
  });
});
