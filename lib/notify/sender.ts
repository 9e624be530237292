import "server-only";
import { maskPhone } from "@/lib/crypto";

// A sender is pluggable; the default only notes the send in the log (never the text: with its
// booking code beside the masked phone, 10^4 guesses take over a booking; admins read the texts in
// the outbox, /admin/outbox).

export interface SmsSender {
  name: string;
  send(message: { to: string; body: string }): Promise<void>;
}

export const logSender: SmsSender = {
  name: "log",
  async send({ to, body }) {
    console.log(
      `[sms] to ${maskPhone(to)}: ${body.length} characters (the log sender sends nothing; the text is in /admin/outbox)`,
    );
  },
};

let sender: SmsSender = logSender;

/** Install another sender (an SMS gateway's client) at start-up. */
export function setSmsSender(next: SmsSender) {
  sender = next;
}

/** The sender installed now. */
export function currentSmsSender(): SmsSender {
  return sender;
}
