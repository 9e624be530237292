export { callNext } from "@/lib/queue/call-next";
export { callTicket } from "@/lib/queue/call-ticket";
export { checkInBooking } from "@/lib/queue/check-in-booking";
export { subscribeQueueChanges } from "@/lib/queue/events";
export { issueTicket } from "@/lib/queue/issue-ticket";
export { listWindows } from "@/lib/queue/list-windows";
export { getMyWindow } from "@/lib/queue/my-window";
export { getQueueState } from "@/lib/queue/queue-state";
export { openQueueStream, queueStreamStats } from "@/lib/queue/stream";
export {
  finishService,
  markNoShow,
  parkTicket,
  recallTicket,
  startService,
  unparkTicket,
} from "@/lib/queue/ticket-actions";
export { getTicketProgress } from "@/lib/queue/ticket-progress";
export { transferTicket } from "@/lib/queue/transfer-ticket";
export { getWindowDesk } from "@/lib/queue/window-desk";
export type { CallEvent, IssuedTicket, QueueState, TicketView } from "@/lib/queue/types";
