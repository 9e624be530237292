// Types of scripts/node-flags.mjs for the Playwright config (the script itself is plain Node).
export const NODE_FLAGS: string[];
export const NEXT_START_ARGS: string[];
