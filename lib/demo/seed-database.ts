import "server-only";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Db } from "@/db/connection";
import { loadCatalogue, type HallDetails } from "@/lib/demo/load-catalogue";
import { ensureInitialAdmin, loadDemo, SECOND_DEMO_HALL } from "@/lib/demo/load-demo";

/** Where the first admin's one-time password is written, in DATA_DIR, readable by the server's user only. */
export const INITIAL_ADMIN_PASSWORD_FILE = "initial-admin-password.txt";

/**
 * What start-up puts into a migrated database: the hall's catalogue when it is not there yet,
 * then the demo data (demo mode) or one initial admin. Each step is idempotent and safe against
 * a second instance doing the same; start-up runs it under db/prepare.ts's lock anyway.
 *
 * The initial admin's one-time password never goes to the log (logs are kept, shipped, shared):
 * it is written to DATA_DIR/initial-admin-password.txt (mode 0600) on the machine that created
 * the account, and the log says where. Without a dataDir (tests) it is not shown at all.
 */
export async function seedDatabase(
  db: Db,
  input: {
    hallCode: string;
    /** The hall's own details (HALL_NAME …), used when its hall is created. */
    hall?: HallDetails;
    demo: boolean;
    dataDir?: string;
    log?: (message: string) => void;
  },
) {
  const log = input.log ?? (() => {});
  const catalogue = await loadCatalogue(db, { hallCode: input.hallCode, hall: input.hall });
  if (catalogue.loaded) log(`catalogue loaded: ${catalogue.items} service items`);
  if (input.demo) {
    const result = await loadDemo(db, { hallCode: input.hallCode });
    if (result.loaded)
      log(`demo data loaded: ${result.cases} cases since 1 January ${result.year}, ${result.bookings} bookings`);
    // The district's second town, with its own staff and year, for the district's side-by-side view.
    // Its public site is another instance's (HALL_CODE=yuqian); this one serves HALL_CODE's.
    const second = SECOND_DEMO_HALL;
    if (input.hallCode !== second.code) {
      await loadCatalogue(db, { hallCode: second.code, hall: second.hall, villages: second.villages });
      const loaded = await loadDemo(db, { hallCode: second.code, plan: second.plan });
      if (loaded.loaded)
        log(
          `demo data of ${second.hall.name} loaded: ${loaded.cases} cases since 1 January ${loaded.year}, ${loaded.bookings} bookings`,
        );
    }
    log(
      "demo accounts (password yichuang-demo): admin, manager, clerk1, clerk2, clerk3, clerk4, backoffice1, kiosk, display, district; 於潜: manager2, clerk21–clerk24, backoffice21, kiosk2, display2",
    );
  } else {
    const admin = await ensureInitialAdmin(db, { hallCode: input.hallCode });
    if (admin.created && input.dataDir) {
      mkdirSync(input.dataDir, { recursive: true });
      const file = path.resolve(input.dataDir, INITIAL_ADMIN_PASSWORD_FILE);
      // A left-over file of an earlier install goes first: "wx" creates it anew with mode 0600.
      rmSync(file, { force: true });
      writeFileSync(
        file,
        [
          "一窗 yichuang: the first administrator account",
          `username: ${admin.username}`,
          `password: ${admin.password}`,
          "",
          "This password works once: the first sign-in asks for a new one.",
          "Delete this file after that (it is deleted when the password is changed on this machine).",
          "",
        ].join("\n"),
        { mode: 0o600, flag: "wx" },
      );
      log(
        `initial admin account created: sign in as "${admin.username}" with the one-time password in ${file} (readable by this user only); it must be changed at the first sign-in`,
      );
    }
  }
}

/**
 * Once the first admin has changed its one-time password, the file that showed it goes (on the
 * machine that wrote it; on another instance there is none to remove).
 */
export function forgetInitialAdminPassword(dataDir: string) {
  rmSync(path.resolve(dataDir, INITIAL_ADMIN_PASSWORD_FILE), { force: true });
}
