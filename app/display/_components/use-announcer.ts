"use client";

import { useCallback, useEffect, useRef, useState } from "react";

/**
 * Whether the TV can speak. `blocked`: the browser refused speech without a user gesture
 * (Chromium's `not-allowed`, unless started with `--autoplay-policy=no-user-gesture-required`);
 * one tap enables it. `no-voice`: the browser has voices but none for Chinese, or speech fails.
 * `unsupported`: no speech synthesis at all.
 */
export type SpeechStatus = "checking" | "on" | "blocked" | "no-voice" | "unsupported";

// An utterance that never ends (a stuck speech service) must not silence every later call.
const WATCHDOG_MS = 20_000;
// While speech is refused, only the latest calls wait for the tap: hours-old calls are noise.
const MAX_PENDING_WHILE_BLOCKED = 3;
// A quiet sentence said once at start-up to learn whether the browser lets the page speak.
const PROBE_TEXT = "语音叫号";

function zhVoice(synth: SpeechSynthesis) {
  return synth.getVoices().find((v) => v.lang.toLowerCase().replace("_", "-").startsWith("zh"));
}

/**
 * One announcement at a time with the browser's own speech synthesis (zh-CN): nothing from the
 * internet. Each sentence is said twice, as halls do; a new call waits for the previous one. A
 * sentence refused by the browser is kept and said after the tap that enables speech.
 */
export function useAnnouncer() {
  const [status, setStatus] = useState<SpeechStatus>("checking");
  const queue = useRef<string[]>([]);
  const speaking = useRef(false);
  const isBlocked = useRef(false);

  const speak = useCallback((text: string, options: { volume?: number; onDone: (ok: boolean) => void }) => {
    const synth = window.speechSynthesis;
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = "zh-CN";
    utterance.rate = 0.9;
    if (options.volume !== undefined) utterance.volume = options.volume;
    const voice = zhVoice(synth);
    if (voice) utterance.voice = voice;
    let isDone = false;
    const finish = (ok: boolean, error?: string) => {
      if (isDone) return;
      isDone = true;
      clearTimeout(watchdog);
      if (error === "not-allowed") {
        isBlocked.current = true;
        setStatus("blocked");
      } else if (ok) {
        isBlocked.current = false;
        // Spoken, but in another language's voice when the browser has voices and none is Chinese.
        setStatus(synth.getVoices().length > 0 && !zhVoice(synth) ? "no-voice" : "on");
      } else if (error && error !== "interrupted" && error !== "canceled") {
        setStatus("no-voice");
      }
      options.onDone(ok);
    };
    const watchdog = setTimeout(() => {
      synth.cancel();
      finish(false);
    }, WATCHDOG_MS);
    utterance.onend = () => finish(true);
    utterance.onerror = (event) => finish(false, (event as SpeechSynthesisErrorEvent).error);
    synth.speak(utterance);
  }, []);

  const next = useCallback(() => {
    if (typeof window === "undefined" || !window.speechSynthesis || isBlocked.current) {
      speaking.current = false;
      return;
    }
    const text = queue.current[0];
    if (!text) {
      speaking.current = false;
      return;
    }
    speaking.current = true;
    speak(`${text}，${text}`, {
      onDone: () => {
        // Refused: keep the sentence for after the tap. Said (or failed otherwise): drop it.
        if (!isBlocked.current) queue.current.shift();
        next();
      },
    });
  }, [speak]);

  const announce = useCallback(
    (text: string) => {
      queue.current.push(text);
      if (isBlocked.current) queue.current.splice(0, Math.max(0, queue.current.length - MAX_PENDING_WHILE_BLOCKED));
      if (!speaking.current) next();
    },
    [next],
  );

  /** The tap: a user gesture, so the browser now lets the page speak; say what is waiting. */
  const enable = useCallback(() => {
    if (!window.speechSynthesis) return;
    isBlocked.current = false;
    setStatus("checking");
    window.speechSynthesis.cancel();
    speaking.current = false;
    if (queue.current.length > 0) next();
    else speak(PROBE_TEXT, { volume: 0, onDone: () => {} });
  }, [next, speak]);

  useEffect(() => {
    const synth = typeof window !== "undefined" ? window.speechSynthesis : undefined;
    if (!synth || typeof SpeechSynthesisUtterance === "undefined") {
      // Reported once the page runs in the browser, where speech support is known.
      const timer = setTimeout(() => setStatus("unsupported"), 0);
      return () => clearTimeout(timer);
    }
    // Voices may load late: when they come and none speaks Chinese, say so plainly.
    const checkVoices = () => {
      if (synth.getVoices().length > 0 && !zhVoice(synth) && !isBlocked.current) setStatus("no-voice");
    };
    synth.addEventListener?.("voiceschanged", checkVoices);
    checkVoices();
    // Ask the browser at once rather than at the first call: a refusal shows the tap prompt
    // before anyone is called.
    if (!speaking.current) {
      speaking.current = true;
      speak(PROBE_TEXT, {
        volume: 0,
        onDone: () => {
          checkVoices();
          speaking.current = false;
          next();
        },
      });
    }
    return () => synth.removeEventListener?.("voiceschanged", checkVoices);
  }, [next, speak]);

  return { announce, enable, status };
}
