import "server-only";
import { getDatabase } from "@/db/client";
import { logError } from "@/lib/log";
import { subscribeSlotChanges } from "@/lib/queue/events";

/** How long an availability answer is reused by this instance at most, if no seat change is heard of first. */
export const AVAILABILITY_CACHE_MS = 1000;

type Entry = { json: string; expires: number };
type Cache = {
  database: unknown;
  /** Moves on with every seat change heard of: an answer read before one is not kept. */
  generation: number;
  answers: Map<string, Entry>;
  loading: Map<string, Promise<string>>;
  isListening: boolean;
};
const holder = globalThis as typeof globalThis & { __yichuangAvailabilityCache?: Cache };

async function cacheFor(): Promise<Cache | null> {
  const database = await getDatabase();
  let cache = holder.__yichuangAvailabilityCache;
  if (!cache || cache.database !== database) {
    const created: Cache = { database, generation: 0, answers: new Map(), loading: new Map(), isListening: false };
    subscribeSlotChanges(() => {
      created.generation += 1;
      created.answers.clear();
      created.loading.clear();
    }).then(
      () => {
        created.isListening = true;
      },
      (error: unknown) => {
        logError("availability cache: cannot listen for seat changes, answers are read every time", error);
        if (holder.__yichuangAvailabilityCache === created) holder.__yichuangAvailabilityCache = undefined;
      },
    );
    cache = holder.__yichuangAvailabilityCache = created;
  }
  return cache.isListening ? cache : null;
}

/**
 * The answer for `key` as `load` reads it, shared by this instance's requests for up to
 * AVAILABILITY_CACHE_MS and dropped as soon as any instance's seat change is heard of (NOTIFY on
 * the queue's channel); the same question asked while it is being read waits for that reading.
 */
export async function cachedAvailability(key: string, load: () => Promise<string>): Promise<string> {
  const cache = await cacheFor();
  if (!cache) return load();
  const now = Date.now();
  const hit = cache.answers.get(key);
  if (hit && hit.expires > now) return hit.json;
  const pending = cache.loading.get(key);
  if (pending) return pending;
  const generation = cache.generation;
  const loading = load().then(
    (json) => {
      if (cache.loading.get(key) === loading) cache.loading.delete(key);
      if (cache.generation === generation) cache.answers.set(key, { json, expires: now + AVAILABILITY_CACHE_MS });
      return json;
    },
    (error: unknown) => {
      if (cache.loading.get(key) === loading) cache.loading.delete(key);
      throw error;
    },
  );
  cache.loading.set(key, loading);
  return loading;
}
