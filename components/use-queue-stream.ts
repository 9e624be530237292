"use client";

import { useEffect, useRef, useState } from "react";
import type { CallEvent, QueueState } from "@/lib/queue/types";

/** How many call ids a page remembers to drop duplicates (the server replays at most ten minutes). */
const SEEN_LIMIT = 2_000;

/**
 * The live queue over Server-Sent Events. The page's own `lastEventId` goes with the first
 * connection, so the calls made between rendering the page and connecting are announced too;
 * EventSource reconnects by itself (also after a server restart) and then sends Last-Event-ID.
 * Calls come as a set and may repeat across connections: each id is announced once.
 */
export function useQueueStream(initial: QueueState, onCall?: (call: CallEvent) => void) {
  const [state, setState] = useState(initial);
  const [isConnected, setConnected] = useState(false);
  const onCallRef = useRef(onCall);
  const resumeFrom = useRef(initial.lastEventId);
  useEffect(() => {
    onCallRef.current = onCall;
  }, [onCall]);
  useEffect(() => {
    const source = new EventSource(`/api/v1/queue/stream?lastEventId=${resumeFrom.current}`);
    const seen = new Set<number>();
    source.addEventListener("open", () => setConnected(true));
    source.addEventListener("error", () => setConnected(false));
    source.addEventListener("call", (event) => {
      const call = JSON.parse((event as MessageEvent).data) as CallEvent;
      if (seen.has(call.id)) return;
      seen.add(call.id);
      if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value!);
      onCallRef.current?.(call);
    });
    source.addEventListener("state", (event) => {
      const next = JSON.parse((event as MessageEvent).data) as QueueState;
      setState(next);
      setConnected(true);
    });
    return () => {
      source.close();
    };
  }, []);
  return { state, isConnected };
}
