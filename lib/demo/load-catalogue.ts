import "server-only";
import { and, eq, ne } from "drizzle-orm";
import type { Db, Tx } from "@/db/connection";
import {
  appMeta,
  departments,
  halls,
  openingHours,
  queues,
  serviceItems,
  villageDayRules,
  villageDayThemes,
  villageRotation,
  villages,
  weekendPostRules,
  windowQueues,
  windows,
} from "@/db/schema";
import {
  departments as departmentSeeds,
  serviceItems as itemSeeds,
  villageDayThemes as villageDayThemeSeeds,
  villages as villageSeeds,
  type VillageSeed,
} from "@/lib/demo/catalogue-data";
import { pinyinKeys } from "@/lib/catalogue/search-keys";
import { shanghaiDate } from "@/lib/time";

export const HALL = {
  name: "潜川镇便民服务中心",
  address: "杭州市临安区潜川镇潜川大道1号 便民服务中心一楼",
  phone: "0571-63790000",
  // Case numbers are {case prefix}{year}{6-digit sequence}: QC2026000123.
  casePrefix: "QC",
};

/** What a hall is called and where it is: HALL_NAME, HALL_ADDRESS, HALL_PHONE and HALL_CASE_PREFIX. */
export type HallDetails = { name: string; address: string; phone: string; casePrefix?: string };

/** A hall's case-number prefix when none is given: the letters of its code, upper-cased (at most 6). */
function defaultCasePrefix(hallCode: string) {
  return (hallCode.replace(/[^a-z]/gi, "").toUpperCase() || "H").slice(0, 6);
}

export const QUEUES = [
  { prefix: "A", name: "综合受理", dailyCap: 300 },
  { prefix: "B", name: "社保医保", dailyCap: 200 },
  { prefix: "C", name: "民政残联", dailyCap: 150 },
] as const;

// Four windows; every window can take the general queue A (一窗受理), three also have a speciality.
export const WINDOWS = [
  { number: 1, name: "1号窗口 综合受理", queues: ["A"] },
  { number: 2, name: "2号窗口 社保医保", queues: ["B", "A"] },
  { number: 3, name: "3号窗口 民政残联", queues: ["C", "A"] },
  { number: 4, name: "4号窗口 综合受理", queues: ["A", "B", "C"] },
] as const;

/**
 * Load a hall (by its code), its catalogue of 95 items (the district's items are the same in every
 * town), windows, queues, villages and opening rules, once per hall. The hall's app_meta row is the guard: a second run, or a second instance
 * racing this one, inserts nothing. A database seeded before the guard was kept per hall already
 * holds the hall's row: that counts as loaded too.
 */
export async function loadCatalogue(
  db: Db,
  input: {
    hallCode: string;
    /** Without it, the demo town's details (HALL), which only the first hall of a database may take. */
    hall?: HallDetails;
    /** The hall's villages, in the order of the Tuesday rotation (潜川's when not given). */
    villages?: VillageSeed[];
    today?: string;
  },
): Promise<{ loaded: boolean; items: number }> {
  const today = input.today ?? shanghaiDate();
  return db.transaction(async (tx) => {
    const claimed = await tx
      .insert(appMeta)
      .values({ key: `catalogue_loaded:${input.hallCode}`, value: new Date().toISOString() })
      .onConflictDoNothing()
      .returning();
    if (claimed.length === 0) return { loaded: false, items: 0 };

    // A database seeded before the guard was kept per hall already holds the hall's row.
    const [existing] = await tx.select({ id: halls.id }).from(halls).where(eq(halls.code, input.hallCode));
    if (existing) return { loaded: false, items: 0 };
    // Without details of its own a hall takes the demo town's, and with them its case-number
    // prefix: only the first hall of a database may, or two towns would share a name and a prefix.
    if (!input.hall) {
      const [other] = await tx.select({ code: halls.code }).from(halls).where(ne(halls.code, input.hallCode)).limit(1);
      if (other)
        throw new Error(
          `hall "${input.hallCode}" is new on a database that already holds hall "${other.code}": set HALL_NAME, HALL_ADDRESS and HALL_PHONE (and HALL_CASE_PREFIX if you like) for it`,
        );
    }
    const casePrefix = input.hall?.casePrefix ?? (input.hall ? defaultCasePrefix(input.hallCode) : HALL.casePrefix);
    const [taken] = await tx
      .select({ code: halls.code })
      .from(halls)
      .where(and(eq(halls.casePrefix, casePrefix), ne(halls.code, input.hallCode)))
      .limit(1);
    if (taken)
      throw new Error(
        `the case-number prefix "${casePrefix}" is hall "${taken.code}"'s: set HALL_CASE_PREFIX (1 to 6 capital letters) for hall "${input.hallCode}"`,
      );
    const [hall] = await tx
      .insert(halls)
      .values({ code: input.hallCode, ...(input.hall ?? HALL), casePrefix })
      .onConflictDoNothing()
      .returning({ id: halls.id });
    if (!hall) return { loaded: false, items: 0 };
    const hallId = hall.id;

    const departmentRows = await tx
      .insert(departments)
      .values(departmentSeeds.map((d) => ({ code: d.code, name: d.name, shortName: d.shortName, phone: d.phone })))
      .onConflictDoNothing()
      .returning({ id: departments.id, code: departments.code });
    const allDepartments =
      departmentRows.length === departmentSeeds.length ? departmentRows : await tx.select().from(departments);
    const departmentId = new Map(allDepartments.map((d) => [d.code, d.id]));

    const queueRows = await tx
      .insert(queues)
      .values(QUEUES.map((q, i) => ({ hallId, prefix: q.prefix, name: q.name, dailyCap: q.dailyCap, sortOrder: i })))
      .returning({ id: queues.id, prefix: queues.prefix });
    const queueId = new Map(queueRows.map((q) => [q.prefix, q.id]));

    const windowRows = await tx
      .insert(windows)
      .values(WINDOWS.map((w) => ({ hallId, number: w.number, name: w.name })))
      .returning({ id: windows.id, number: windows.number });
    await tx.insert(windowQueues).values(
      WINDOWS.flatMap((w) => {
        const windowId = windowRows.find((r) => r.number === w.number)!.id;
        return w.queues.map((prefix) => ({ windowId, queueId: queueId.get(prefix)! }));
      }),
    );

    await tx.insert(serviceItems).values(
      itemSeeds.map((item, i) => ({
        hallId,
        code: item.code,
        name: item.name,
        aliases: item.aliases,
        departmentId: departmentId.get(item.departmentCode)!,
        category: item.category,
        queueId: queueId.get(item.queue)!,
        kind: item.kind,
        promisedDays: item.promisedDays,
        feeCents: item.feeCents,
        channels: item.channels,
        isBookable: item.bookable,
        summary: item.summary,
        conditions: item.conditions,
        materials: item.materials,
        steps: item.steps,
        delivery: item.delivery,
        legalBasis: item.legalBasis,
        sortOrder: i,
        ...pinyinKeys(item.name, item.aliases),
      })),
    );

    const hallVillages = input.villages ?? villageSeeds;
    const villageRows = await tx
      .insert(villages)
      .values(hallVillages.map((v) => ({ hallId, code: v.code, name: v.name })))
      .returning({ id: villages.id, name: villages.name });

    // Weekdays 08:30–12:00 and 13:30–17:00. Make-up working days (调休) use Monday's hours.
    await tx.insert(openingHours).values(
      [1, 2, 3, 4, 5].map((weekday) => ({
        hallId,
        weekday,
        morningStart: "08:30",
        morningEnd: "12:00",
        afternoonStart: "13:30",
        afternoonEnd: "17:00",
      })),
    );

    // The rotation follows the catalogue's order of the villages.
    const villagesInOrder = hallVillages.map((v) => villageRows.find((r) => r.name === v.name)!);
    await loadCalendarRules(tx, {
      hallId,
      hallName: input.hall?.name ?? HALL.name,
      today,
      villageRows: villagesInOrder,
    });
    return { loaded: true, items: itemSeeds.length };
  });
}

/**
 * The rules behind the weekend posts and the Tuesday village days (not dated rows: those are made
 * ahead for the booking horizon by lib/booking/extend-calendar.ts, for ever). Saturday and Sunday
 * mornings at the hall; one village a Tuesday in the catalogue's order, with the themes in turn.
 */
async function loadCalendarRules(
  tx: Tx,
  input: { hallId: number; hallName: string; today: string; villageRows: { id: number; name: string }[] },
) {
  const { hallId, hallName, today, villageRows } = input;
  await tx.insert(weekendPostRules).values(
    [6, 7].map((weekday) => ({
      hallId,
      weekday,
      location: `${hallName}一楼大厅`,
      startTime: "09:00",
      endTime: "12:00",
    })),
  );
  await tx
    .insert(villageDayRules)
    .values({ hallId, weekday: 2, startTime: "09:00", endTime: "11:30", startsOn: today });
  await tx.insert(villageRotation).values(
    villageRows.map((village, position) => ({
      hallId,
      position,
      villageId: village.id,
      location: `${village.name}便民服务点（村委会）`,
    })),
  );
  await tx
    .insert(villageDayThemes)
    .values(
      villageDayThemeSeeds.map((t, position) => ({ hallId, position, theme: t.theme, categories: t.categories })),
    );
}
