import "server-only";
import type { Db } from "@/db/connection";
import { loadCatalogue } from "@/lib/demo/load-catalogue";
import { ensureInitialAdmin, loadDemo } from "@/lib/demo/load-demo";

/**
 * What start-up puts into a migrated database: the hall's catalogue when it is not there yet,
 * then the demo data (demo mode) or one initial admin. Each step is idempotent and safe against
 * a second instance doing the same; start-up runs it under db/prepare.ts's lock anyway.
 */
export async function seedDatabase(
  db: Db,
  input: { hallCode: string; demo: boolean; log?: (message: string) => void },
) {
  const log = input.log ?? (() => {});
  const catalogue = await loadCatalogue(db, { hallCode: input.hallCode });
  if (catalogue.loaded) log(`catalogue loaded: ${catalogue.items} service items`);
  if (input.demo) {
    const result = await loadDemo(db, { hallCode: input.hallCode });
    if (result.loaded) log(`demo data loaded: ${result.cases} cases of ${result.year}, ${result.bookings} bookings`);
    log(
      "demo accounts (password yichuang-demo): admin, manager, clerk1, clerk2, clerk3, clerk4, backoffice1, kiosk, display",
    );
  } else {
    const admin = await ensureInitialAdmin(db, { hallCode: input.hallCode });
    if (admin.created)
      log(`initial admin account created: admin / ${admin.password} — change it after the first sign-in`);
  }
}
