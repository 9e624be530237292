"use client";

import { useEffect, useRef, useState } from "react";
import type { CallEvent, QueueState } from "@/lib/queue/types";

/**
 * The live queue over Server-Sent Events. EventSource reconnects by itself (also after a server
 * restart) and sends Last-Event-ID, so the server replays the calls missed meanwhile.
 */
export function useQueueStream(initial: QueueState, onCall?: (call: CallEvent) => void) {
  const [state, setState] = useState(initial);
  const [isConnected, setConnected] = useState(false);
  const onCallRef = useRef(onCall);
  useEffect(() => {
    onCallRef.current = onCall;
  }, [onCall]);
  useEffect(() => {
    const source = new EventSource("/api/v1/queue/stream");
    const seen = new Set<number>();
    source.addEventListener("open", () => setConnected(true));
    source.addEventListener("error", () => setConnected(false));
    source.addEventListener("call", (event) => {
      const call = JSON.parse((event as MessageEvent).data) as CallEvent;
      if (seen.has(call.id)) return;
      seen.add(call.id);
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
