import type { StaffRole } from "@/db/schema";

declare module "next-auth" {
  interface User {
    username: string;
    role: StaffRole;
    hallId: number;
    departmentId: number | null;
    windowId: number | null;
    sessionVersion: number;
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
  }
}
