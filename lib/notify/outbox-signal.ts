import "server-only";
import { afterCommit } from "@/db/after-commit";
import type { Db, Tx } from "@/db/connection";

// Messages written to the outbox wake this instance's drainer once their transaction has
// committed (lib/jobs), instead of waiting for its next tick: a confirmation leaves within a
// fraction of a second, and at a peak the sends are spread in small batches instead of bursts of
// ten seconds' worth. Each instance wakes its own drainer for the messages it wrote; the periodic
// tick still picks up anything else (another instance's, a retry).
//
// On globalThis: Next.js evaluates this module once per bundle (instrumentation, each route), and
// the drainer started at start-up must hear the routes' signals.
type Listener = () => void;
const holder = globalThis as typeof globalThis & { __yichuangOutboxListener?: Listener };

/** Messages were written in `scope`'s transaction (or just now, outside one): wake the drainer after the commit. */
export function signalOutbox(scope: Db | Tx) {
  afterCommit(scope, () => holder.__yichuangOutboxListener?.());
}

/** The drainer's wake-up (one per process; a second call replaces the first). */
export function onOutboxSignal(listener: Listener | undefined) {
  holder.__yichuangOutboxListener = listener;
}
