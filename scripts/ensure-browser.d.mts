// Types of scripts/ensure-browser.mjs for the unit test (the script itself is plain Node).
export declare const DEBIAN_CHROMIUM: string;
export declare function chooseBrowser(input: {
  env: Record<string, string | undefined>;
  exists: (path: string) => boolean;
  playwrightPath?: string | null;
  debianPath?: string;
}): { source: "CHROMIUM_PATH" | "debian" | "playwright" | "install"; path: string | null; notes: string[] };
export declare function installPlan(input: { isRoot: boolean }): { label: string; commands: [string, string[]][] }[];
export declare function ensureBrowser(options?: {
  dryRun?: boolean;
  debianPath?: string;
  playwrightPath?: string | null;
  log?: (line: string) => void;
}): Promise<string | null>;
