import type { StaffRole } from "@/db/schema";

declare module "next-auth" {
  interface User {
    username: string;
    role: StaffRole;
    hallId: number;
    departmentId: number | null;
    windowId: number | null;
    sessionVersion: number;
    sessionId: string;
  }
  interface Session {
    user: {
      id: number;
      name: string;
      username: string;
      role: StaffRole;
      hallId: number;
      departmentId: number | null;
      windowId: number | null;
      sessionVersion: number;
      sessionId?: string;
    };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    staffId: number;
    username: string;
    role: StaffRole;
    hallId: number;
    departmentId: number | null;
    windowId: number | null;
    sessionVersion: number;
    /** The staff_sessions row of this sign-in (tokens from before migration 0017 have none). */
    sessionId?: string;
  }
}
