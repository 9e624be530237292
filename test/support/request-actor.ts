import { AsyncLocalStorage } from "node:async_hooks";
import type { StaffRole } from "@/db/schema";
import { assertRole, type Actor } from "@/lib/auth/actor";

// Route handlers read the signed-in actor through lib/auth/session. In the HTTP tests it is the
// actor of the request's async context instead of a cookie, so that parallel requests can act as
// different people; everything else (the database, the domain code) is real. In a test file:
//   vi.mock("@/lib/auth/session", () => import("../support/request-actor").then((m) => m.sessionStandIn));
//   await as(clerk, () => route(request, context));

const store = new AsyncLocalStorage<Actor | null>();

/** What stands in for lib/auth/session: the context's actor, checked as requireRole checks it. */
export const sessionStandIn = {
  requireRole: async (...roles: StaffRole[]) => {
    const actor = store.getStore() ?? null;
    assertRole(actor, ...roles);
    return actor;
  },
  getActor: async () => store.getStore() ?? null,
};

/** Runs `work` (a route handler call) as `actor`; null is nobody signed in. */
export const as = <T>(actor: Actor | null, work: () => Promise<T>) => store.run(actor, work);
