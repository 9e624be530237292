// The queue's shapes that the browser sees too (the TV, the kiosk, the clerk's desk, the public
// board): plain types, no `server-only`, so that server and client import the one definition.

export interface IssuedTicket {
  id: number;
  number: string;
  queue: string;
  queueName: string;
  ahead: number;
  estimatedMinutes: number;
  bookingCode?: string;
  serviceName?: string;
}

export interface TicketView {
  id: number;
  number: string;
  queue: string;
  status: string;
  source: "walk_in" | "booking";
  priority: number;
  isGreenChannel: boolean;
  window: number | null;
  targetWindow: number | null;
  recallCount: number;
  createdAt: string;
  calledAt: string | null;
  serviceName: string | null;
  bookingCode: string | null;
  applicantName: string | null;
  note: string | null;
}

export interface QueueState {
  date: string;
  lastEventId: number;
  calling: { ticket: string; window: number; calledAt: string; recall: number }[];
  /**
   * Per queue: the waiting tickets in calling order and the minutes per place, so that a phone
   * watching its ticket finds its place and estimate in the snapshot (see `placeInQueue`).
   */
  waiting: {
    queue: string;
    name: string;
    count: number;
    estimatedMinutes: number;
    numbers: string[];
    minutesPerTicket: number;
  }[];
  recent: { ticket: string; window: number; calledAt: string }[];
  notice: string;
}

/** One call or recall, sent as an SSE `call` event so that a TV announces it once. */
export interface CallEvent {
  id: number;
  kind: "called" | "recalled";
  ticket: string;
  window: number;
  at: string;
}

/** Where a ticket stands in a queue snapshot: waiting (with its place), called, or not in it. */
export function placeInQueue(state: QueueState, number: string) {
  const call = state.calling.find((c) => c.ticket === number);
  if (call) return { number, status: "called" as const, window: call.window, ahead: 0, estimatedMinutes: 0 };
  for (const queue of state.waiting) {
    const ahead = queue.numbers.indexOf(number);
    if (ahead >= 0)
      return {
        number,
        status: "waiting" as const,
        window: null,
        ahead,
        estimatedMinutes: Math.ceil((ahead + 1) * queue.minutesPerTicket),
      };
  }
  return null;
}
