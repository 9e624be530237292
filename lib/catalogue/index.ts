import "server-only";
import { and, asc, count, eq, gte, sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  departments,
  queues,
  serviceItems,
  villages,
  villageVisits,
  weekendRoster,
  type Channel,
  type Material,
} from "@/db/schema";
import { itemSearch } from "@/lib/catalogue/item-search";
import { AppError } from "@/lib/errors";
import { clockLabel } from "@/lib/format";
import { getOpeningHours } from "@/lib/hall";
import { shanghaiDate } from "@/lib/time";

export interface ServiceSummary {
  code: string;
  name: string;
  department: { code: string; name: string; shortName: string };
  category: string;
  kind: "instant" | "promised";
  promisedDays: number | null;
  feeCents: number;
  channels: Channel[];
  bookable: boolean;
  summary: string;
}

export interface ServiceDetail extends ServiceSummary {
  /** The department with its 咨询电话 (null when the catalogue has none: the pages give the hall's). */
  department: ServiceSummary["department"] & { phone: string | null };
  conditions: string;
  steps: string;
  delivery: string;
  legalBasis: string;
  materials: Material[];
  queue: { prefix: string; name: string };
  where: {
    hall: { address: string; hours: { weekday: number; morning: string; afternoon: string }[] };
    weekend: { date: string; location: string; start: string; end: string }[];
    village: { date: string; village: string; theme: string; location: string; start: string; end: string }[];
  };
}

const summaryColumns = {
  code: serviceItems.code,
  name: serviceItems.name,
  departmentCode: departments.code,
  departmentName: departments.name,
  departmentShortName: departments.shortName,
  category: serviceItems.category,
  kind: serviceItems.kind,
  promisedDays: serviceItems.promisedDays,
  feeCents: serviceItems.feeCents,
  channels: serviceItems.channels,
  bookable: serviceItems.isBookable,
  summary: serviceItems.summary,
};

type SummaryRow = {
  code: string;
  name: string;
  departmentCode: string;
  departmentName: string;
  departmentShortName: string;
  category: string;
  kind: "instant" | "promised";
  promisedDays: number | null;
  feeCents: number;
  channels: string[];
  bookable: boolean;
  summary: string;
};

function toSummary(row: SummaryRow): ServiceSummary {
  return {
    code: row.code,
    name: row.name,
    department: { code: row.departmentCode, name: row.departmentName, shortName: row.departmentShortName },
    category: row.category,
    kind: row.kind,
    promisedDays: row.promisedDays,
    feeCents: row.feeCents,
    channels: row.channels as Channel[],
    bookable: row.bookable,
    summary: row.summary,
  };
}

/** The hall's active catalogue; with a query, what `itemSearch` finds, best first. */
export async function listServices(input: { hallId: number; q?: string; department?: string; channel?: Channel }) {
  const db = await getDb();
  const filters: SQL[] = [eq(serviceItems.hallId, input.hallId), eq(serviceItems.isActive, true)];
  const search = itemSearch(input.q);
  if (search) filters.push(search.where);
  if (input.department) filters.push(eq(departments.code, input.department));
  if (input.channel) filters.push(sql`${input.channel} = any(${serviceItems.channels})`);
  const rows = await db
    .select(summaryColumns)
    .from(serviceItems)
    .innerJoin(departments, eq(departments.id, serviceItems.departmentId))
    .where(and(...filters))
    .orderBy(...(search ? [search.rank] : []), asc(serviceItems.sortOrder));
  return rows.map(toSummary);
}

/** Departments with how many items each has delegated to the hall. */
export async function listDepartments(input: { hallId: number }) {
  const db = await getDb();
  return db
    .select({
      code: departments.code,
      name: departments.name,
      shortName: departments.shortName,
      items: count(serviceItems.id),
    })
    .from(departments)
    .innerJoin(
      serviceItems,
      and(
        eq(serviceItems.departmentId, departments.id),
        eq(serviceItems.hallId, input.hallId),
        eq(serviceItems.isActive, true),
      ),
    )
    .groupBy(departments.id)
    .orderBy(asc(departments.id));
}

/** One item with its materials (一次性告知) and where and when it can be handled. */
export async function getService(input: {
  hall: { id: number; address: string };
  code: string;
}): Promise<ServiceDetail> {
  const db = await getDb();
  const { hall } = input;
  const [row] = await db
    .select({
      ...summaryColumns,
      departmentPhone: departments.phone,
      conditions: serviceItems.conditions,
      steps: serviceItems.steps,
      delivery: serviceItems.delivery,
      legalBasis: serviceItems.legalBasis,
      materials: serviceItems.materials,
      queuePrefix: queues.prefix,
      queueName: queues.name,
    })
    .from(serviceItems)
    .innerJoin(departments, eq(departments.id, serviceItems.departmentId))
    .innerJoin(queues, eq(queues.id, serviceItems.queueId))
    .where(and(eq(serviceItems.hallId, hall.id), eq(serviceItems.code, input.code), eq(serviceItems.isActive, true)));
  if (!row) throw new AppError("not_found", "没有找到该事项");
  const item = toSummary(row);
  const today = shanghaiDate();
  const [hours, weekend, village] = await Promise.all([
    getOpeningHours(hall.id),
    item.channels.includes("weekend")
      ? db
          .select({
            date: weekendRoster.date,
            location: weekendRoster.location,
            start: weekendRoster.startTime,
            end: weekendRoster.endTime,
          })
          .from(weekendRoster)
          .where(and(eq(weekendRoster.hallId, hall.id), gte(weekendRoster.date, today)))
          .orderBy(asc(weekendRoster.date))
          .limit(4)
      : [],
    item.channels.includes("village")
      ? db
          .select({
            date: villageVisits.date,
            village: villages.name,
            theme: villageVisits.theme,
            location: villageVisits.location,
            start: villageVisits.startTime,
            end: villageVisits.endTime,
          })
          .from(villageVisits)
          .innerJoin(villages, eq(villages.id, villageVisits.villageId))
          .where(
            and(
              eq(villageVisits.hallId, hall.id),
              gte(villageVisits.date, today),
              sql`${item.category} = any(${villageVisits.categories})`,
            ),
          )
          .orderBy(asc(villageVisits.date))
          .limit(6)
      : [],
  ]);
  return {
    ...item,
    department: { ...item.department, phone: row.departmentPhone },
    conditions: row.conditions,
    steps: row.steps,
    delivery: row.delivery,
    legalBasis: row.legalBasis,
    materials: row.materials,
    queue: { prefix: row.queuePrefix, name: row.queueName },
    where: {
      hall: { address: hall.address, hours },
      weekend: weekend.map((w) => ({ ...w, start: clockLabel(w.start), end: clockLabel(w.end) })),
      village: village.map((v) => ({ ...v, start: clockLabel(v.start), end: clockLabel(v.end) })),
    },
  };
}
