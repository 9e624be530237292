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
  waiting: { queue: string; name: string; count: number; estimatedMinutes: number }[];
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
