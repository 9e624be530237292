// Types of scripts/source-hash.mjs for the e2e spec (the script itself is plain Node).
export function sourceHash(root: string): string;
