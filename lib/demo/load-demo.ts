import "server-only";
import { randomBytes } from "node:crypto";
import { and, asc, eq, gte, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/connection";
import {
  appMeta,
  bookings,
  departments,
  halls,
  queues,
  serviceItems,
  serviceSessions,
  slots,
  staffUsers,
  tickets,
  villages,
  windowQueues,
  windows,
  type EvaluationStage,
  type Channel,
  type StaffRole,
} from "@/db/schema";
import { createOpenCases } from "@/lib/demo/open-cases";
import type { Actor } from "@/lib/auth/actor";
import { changeCasesStatusIn } from "@/lib/cases/change-cases-status";
import type { StepParams } from "@/lib/cases/step-effects";
import { takeInCasesIn, type IntakeItem } from "@/lib/cases/take-in-cases";
import { checkRating, insertEvaluations } from "@/lib/evaluations/record-evaluation";
import { hashPassword } from "@/lib/auth/password";
import { SESSION_HORIZON_DAYS } from "@/lib/booking/rules";
import { newBookingCode } from "@/lib/booking/code";
import { ensureSessions } from "@/lib/booking/sessions";
import { sealIdNumber, sealPhone } from "@/lib/crypto";
import {
  addDays,
  addWorkingDays,
  atShanghai,
  daysBetween,
  holidayName,
  isStateWorkday,
  isoWeekday,
  shanghaiDate,
} from "@/lib/time";
import { idNumberCheckChar } from "@/lib/validation/identity";

export const DEMO_PASSWORD = "yichuang-demo";

export interface DemoAccount {
  username: string;
  displayName: string;
  role: StaffRole;
  window?: number;
  department?: string;
}

/** The first hall's accounts (HALL_CODE, 潜川), and the district's, which belongs to a hall's row too. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: "admin", displayName: "系统管理员", role: "admin" },
  { username: "manager", displayName: "王主任", role: "manager" },
  { username: "district", displayName: "区政务服务中心", role: "district" },
  { username: "clerk1", displayName: "李晓燕", role: "clerk", window: 1 },
  { username: "clerk2", displayName: "张伟", role: "clerk", window: 2 },
  { username: "clerk3", displayName: "陈丽", role: "clerk", window: 3 },
  { username: "clerk4", displayName: "周静", role: "clerk", window: 4 },
  { username: "backoffice1", displayName: "赵敏（区人社局）", role: "backoffice", department: "RSJ" },
  { username: "kiosk", displayName: "大厅取号机", role: "kiosk" },
  { username: "display", displayName: "大厅叫号屏", role: "display" },
  { username: "pad1", displayName: "1 号窗口评价器", role: "pad", window: 1 },
  { username: "pad2", displayName: "2 号窗口评价器", role: "pad", window: 2 },
  { username: "pad3", displayName: "3 号窗口评价器", role: "pad", window: 3 },
  { username: "pad4", displayName: "4 号窗口评价器", role: "pad", window: 4 },
];

/** What the demo puts into one hall: its accounts and its year, seeded so it is the same everywhere. */
export interface DemoHallPlan {
  /** The app_meta row that says this hall's demo is loaded (once per database). */
  key: string;
  accounts: DemoAccount[];
  /** About how many cases last year. */
  targetCases: number;
  seed: number;
  /** Who takes in and works the cases in work now. */
  openCases: { clerk: string; backoffice: string };
}

export const FIRST_DEMO_HALL: DemoHallPlan = {
  key: "demo_loaded",
  accounts: DEMO_ACCOUNTS,
  targetCases: 6950,
  seed: 20_201_231,
  openCases: { clerk: "clerk1", backoffice: "backoffice1" },
};

/**
 * The district's second town (临安区於潜镇), so that the district has halls to compare: its own
 * hall row, case prefix, windows, queues, villages and staff, the same 95 items, and its own year.
 */
export const SECOND_DEMO_HALL = {
  code: "yuqian",
  hall: {
    name: "於潜镇便民服务中心",
    address: "杭州市临安区於潜镇堰口路8号 便民服务中心一楼",
    phone: "0571-63820000",
    casePrefix: "YQ",
  },
  villages: [
    "於潜社区",
    "光明村",
    "逸村村",
    "祈祥村",
    "方圆村",
    "杨村村",
    "观山村",
    "泗洲村",
    "堰口村",
    "七坑村",
    "柳溪村",
    "东关村",
    "横塘村",
    "楼家村",
  ].map((name, i) => ({ code: `V${String(i + 1).padStart(2, "0")}`, name })),
  plan: {
    key: "demo_loaded:yuqian",
    accounts: [
      { username: "manager2", displayName: "钱主任", role: "manager" },
      { username: "clerk21", displayName: "沈佳怡", role: "clerk", window: 1 },
      { username: "clerk22", displayName: "方志军", role: "clerk", window: 2 },
      { username: "clerk23", displayName: "俞晓燕", role: "clerk", window: 3 },
      { username: "clerk24", displayName: "童建华", role: "clerk", window: 4 },
      { username: "backoffice21", displayName: "潘丽（区人社局）", role: "backoffice", department: "RSJ" },
      { username: "kiosk2", displayName: "於潜大厅取号机", role: "kiosk" },
      { username: "display2", displayName: "於潜大厅叫号屏", role: "display" },
    ],
    targetCases: 5400,
    seed: 20_201_232,
    openCases: { clerk: "clerk21", backoffice: "backoffice21" },
  } satisfies DemoHallPlan,
};

// A seeded generator, so that the demo year is the same on every machine.
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)];
function weightedPick<T>(rand: Rand, list: readonly T[], weight: (t: T) => number, total?: number): T {
  const sum = total ?? list.reduce((s, t) => s + weight(t), 0);
  let r = rand() * sum;
  for (const t of list) {
    r -= weight(t);
    if (r <= 0) return t;
  }
  return list[list.length - 1];
}
/** Exponential with the given mean, for waiting and service times. */
const exponential = (rand: Rand, mean: number) => -Math.log(1 - rand()) * mean;
function poisson(rand: Rand, mean: number) {
  // Normal approximation is good enough for means above 10; Knuth below.
  if (mean > 10)
    return Math.max(
      0,
      Math.round(mean + Math.sqrt(mean) * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand())),
    );
  let k = 0;
  let p = 1;
  const limit = Math.exp(-mean);
  do {
    k += 1;
    p *= rand();
  } while (p > limit);
  return k - 1;
}

const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤".split(
    "",
  );
const GIVEN =
  "建国 秀英 桂英 玉兰 志强 海燕 国华 丽娟 伟 芳 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀兰 霞 平 刚 桂兰 金凤 阿毛 根娣 菊芳 水根 福林 国强 春花 雪梅 建华 美华 志明 红英 卫东 建平 晓东 晓红 小芬 利民 海军 玉珍".split(
    " ",
  );

function fakeName(rand: Rand) {
  return pick(rand, SURNAMES) + pick(rand, GIVEN);
}
function fakePhone(rand: Rand) {
  const prefixes = [
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "157",
    "158",
    "159",
    "177",
    "180",
    "187",
    "188",
    "189",
    "199",
  ];
  return pick(rand, prefixes) + String(Math.floor(rand() * 1e8)).padStart(8, "0");
}
function fakeIdNumber(rand: Rand) {
  const year = 1940 + Math.floor(rand() * 65);
  const month = 1 + Math.floor(rand() * 12);
  const day = 1 + Math.floor(rand() * 28);
  const first17 = `330185${year}${String(month).padStart(2, "0")}${String(day).padStart(2, "0")}${String(Math.floor(rand() * 1000)).padStart(3, "0")}`;
  return first17 + idNumberCheckChar(first17);
}

// Relative volume per month: the year-end rush of medical-insurance payment and pension
// certification, the Spring Festival lull in February, the National Day week in October.
const MONTH_WEIGHT = [1.25, 0.6, 1.1, 1.0, 0.95, 1.0, 0.9, 0.85, 1.05, 0.8, 1.15, 1.3];
// The share of items that people actually come for: social and medical insurance dominate.
const QUEUE_POPULARITY: Record<string, number> = { A: 1, B: 2.6, C: 1.3 };
const LEVEL_WEIGHTS: [number, number][] = [
  [5, 880],
  [4, 90],
  [3, 20],
  [2, 7],
  [1, 3],
];

async function insertChunked<T extends Record<string, unknown>, R>(
  rows: T[],
  insert: (chunk: T[]) => Promise<R[]>,
  size = 400,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += size) out.push(...(await insert(rows.slice(i, i + size))));
  return out;
}

async function createStaff(tx: Tx, hallId: number, accounts: DemoAccount[]) {
  const windowRows = await tx
    .select({ id: windows.id, number: windows.number })
    .from(windows)
    .where(eq(windows.hallId, hallId));
  const departmentRows = await tx.select({ id: departments.id, code: departments.code }).from(departments);
  // One hash for all: they share the demo password, and bcrypt takes its time on purpose.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const values = [];
  for (const account of accounts) {
    values.push({
      hallId,
      username: account.username,
      displayName: account.displayName,
      passwordHash,
      role: account.role,
      windowId: account.window ? windowRows.find((w) => w.number === account.window)!.id : null,
      departmentId: account.department ? departmentRows.find((d) => d.code === account.department)!.id : null,
    });
  }
  return tx.insert(staffUsers).values(values).onConflictDoNothing().returning({
    id: staffUsers.id,
    username: staffUsers.username,
    name: staffUsers.displayName,
    role: staffUsers.role,
    hallId: staffUsers.hallId,
    departmentId: staffUsers.departmentId,
    windowId: staffUsers.windowId,
  });
}

/**
 * The cases of [from, until] at the window, the weekend posts and the village days, as the window,
 * the back office and the villagers made them. A step or rating that would fall after `until` has
 * not happened yet: the case stays open where it is, as the recent cases of a real hall are.
 */
async function createHistory(
  tx: Tx,
  input: {
    hallId: number;
    from: string;
    until: string;
    /** About how many cases a year. */
    targetCases: number;
    clerks: Actor[];
    backoffice: Actor;
    manager: Actor;
    rand: Rand;
  },
) {
  const { hallId, from, until, targetCases, clerks, backoffice, rand } = input;
  const cutoff = atShanghai(addDays(until, 1), "00:00");
  const items = await tx
    .select({
      id: serviceItems.id,
      code: serviceItems.code,
      departmentId: serviceItems.departmentId,
      kind: serviceItems.kind,
      promisedDays: serviceItems.promisedDays,
      channels: serviceItems.channels,
      queueId: serviceItems.queueId,
      materials: serviceItems.materials,
    })
    .from(serviceItems)
    .where(eq(serviceItems.hallId, hallId));
  const queueRows = await tx
    .select({ id: queues.id, prefix: queues.prefix })
    .from(queues)
    .where(eq(queues.hallId, hallId));
  const prefixOf = new Map(queueRows.map((q) => [q.id, q.prefix]));
  const windowsOfQueue = new Map<number, number[]>();
  const hallWindowQueues = await tx
    .select({ windowId: windowQueues.windowId, queueId: windowQueues.queueId })
    .from(windowQueues)
    .innerJoin(windows, eq(windows.id, windowQueues.windowId))
    .where(eq(windows.hallId, hallId));
  for (const wq of hallWindowQueues) {
    windowsOfQueue.set(wq.queueId, [...(windowsOfQueue.get(wq.queueId) ?? []), wq.windowId]);
  }
  const clerkOfWindow = new Map(clerks.filter((c) => c.windowId).map((c) => [c.windowId!, c]));
  // Last year's decisions of every department: the demo has one back-office account (区人社局);
  // the other departments' cases are decided under its name, in each department's scope.
  const backofficeOf = (departmentId: number): Actor => ({ ...backoffice, departmentId });
  const weightOf = (item: (typeof items)[number]) => QUEUE_POPULARITY[prefixOf.get(item.queueId)!] ?? 1;
  const byChannel = (channel: Channel) => items.filter((i) => i.channels.includes(channel));
  const channelItems = { window: items, weekend: byChannel("weekend"), village: byChannel("village") };

  // Plan the days and how many cases each gets.
  const days: { date: string; channel: Channel; weight: number; villageId?: number }[] = [];
  const villageIds = (
    await tx.select({ id: villages.id }).from(villages).where(eq(villages.hallId, hallId)).orderBy(asc(villages.id))
  ).map((v) => v.id);
  let tuesdays = 0;
  for (let date = from; date <= until; date = addDays(date, 1)) {
    const monthWeight = MONTH_WEIGHT[Number(date.slice(5, 7)) - 1];
    if (isStateWorkday(date)) {
      // Mondays are busiest, Fridays quietest.
      const weekdayWeight = [1.25, 1.0, 1.0, 0.95, 0.85, 1, 1][isoWeekday(date) - 1];
      days.push({ date, channel: "window", weight: monthWeight * weekdayWeight });
      if (isoWeekday(date) === 2) {
        // 周二主题下村日: the Tuesdays go round the hall's villages.
        const village = villageIds.length ? villageIds[tuesdays++ % villageIds.length] : undefined;
        days.push({ date, channel: "village", weight: monthWeight * 0.45, villageId: village });
      }
    } else if (isoWeekday(date) >= 6 && !holidayName(date)) {
      days.push({ date, channel: "weekend", weight: monthWeight * 0.22 });
    }
  }
  // The target is a year's; a longer or shorter span gets as many cases as its share of a year.
  const yearsSpanned = days.length === 0 ? 0 : (daysBetween(from, until) + 1) / 365;
  const totalWeight = days.reduce((s, d) => s + d.weight, 0) / Math.max(yearsSpanned, 1e-9);

  type TicketRow = typeof tickets.$inferInsert;
  const ticketRows: TicketRow[] = [];
  // Each case as the window, the back office and the villager made it: the intake, the later
  // steps with their clocks, and the rating. All of it is written by the case operations below.
  const plans: {
    intake: IntakeItem & { at: Date; actor: Actor };
    ticketIndex: number | null;
    steps: { actor: Actor; at: Date; params: StepParams }[];
    rating: { level: number; at: Date; stage: EvaluationStage; reasons: string[]; comment: string | null } | null;
  }[] = [];

  for (const day of days) {
    const count = poisson(rand, (targetCases * day.weight) / totalWeight);
    const seqByQueue = new Map<number, number>();
    for (let n = 0; n < count; n++) {
      const item = weightedPick(rand, channelItems[day.channel], weightOf);
      // Arrivals: morning-heavy at the hall; weekend and village sessions run 09:00–12:00.
      const morning = day.channel !== "window" || rand() < 0.62;
      const open = day.channel === "window" ? (morning ? 8.5 : 13.5) : 9;
      const span = day.channel === "window" ? (morning ? 3.1 : 3.2) : 2.8;
      const arrivalHour = open + Math.pow(rand(), 1.3) * span;
      const arrival = new Date(atShanghai(day.date, "00:00").getTime() + arrivalHour * 3_600_000);
      const busy = MONTH_WEIGHT[Number(day.date.slice(5, 7)) - 1];
      const waitMinutes =
        day.channel === "window" ? Math.min(75, exponential(rand, 7 * busy)) : Math.min(40, exponential(rand, 4));
      const calledAt = new Date(arrival.getTime() + waitMinutes * 60_000);
      const serviceMinutes = 3 + exponential(rand, item.kind === "instant" ? 5 : 9);
      const finishedAt = new Date(calledAt.getTime() + serviceMinutes * 60_000);

      let ticketIndex: number | null = null;
      let clerk: Actor;
      if (day.channel === "window") {
        const seq = (seqByQueue.get(item.queueId) ?? 0) + 1;
        seqByQueue.set(item.queueId, seq);
        const windowId = pick(rand, windowsOfQueue.get(item.queueId) ?? [...clerkOfWindow.keys()]);
        clerk = clerkOfWindow.get(windowId) ?? clerks[0];
        ticketIndex = ticketRows.length;
        ticketRows.push({
          hallId,
          queueId: item.queueId,
          issuedQueueId: item.queueId,
          serviceDate: day.date,
          seq,
          number: `${prefixOf.get(item.queueId)}${String(seq).padStart(3, "0")}`,
          source: "walk_in",
          serviceItemId: item.id,
          status: "done",
          windowId,
          createdAt: arrival,
          calledAt,
          startedAt: new Date(calledAt.getTime() + 30_000),
          finishedAt,
        });
      } else {
        clerk = pick(rand, clerks);
      }

      const outcome = rand();
      const supplement = item.kind === "promised" && outcome > 0.02 && rand() < 0.05;
      const idNumber = rand() < 0.8 ? fakeIdNumber(rand) : undefined;
      const allNames = item.materials.map((m) => m.name);
      const intake: IntakeItem & { at: Date; actor: Actor } = {
        actor: clerk,
        at: finishedAt,
        service: item.code,
        name: fakeName(rand),
        phone: fakePhone(rand),
        idNumber,
        // The required materials, and most of the optional ones, came on the day.
        materials: {
          received: item.materials.filter((m) => m.required || rand() < 0.7).map((m) => m.name),
          missing: [],
        },
        channel: day.channel,
        villageId: day.villageId,
      };
      const steps: { actor: Actor; at: Date; params: StepParams }[] = [];
      // Who collects it shows the ID card: the applicant's, or (when none was recorded) their own.
      const deliverParams: StepParams = { action: "deliver", idNumber: idNumber ?? fakeIdNumber(rand) };
      let pickupAt = finishedAt;
      if (outcome < 0.015) {
        intake.notAcceptedReason = "申请人不符合办理条件，已当场一次性告知";
      } else if (item.kind === "instant") {
        steps.push({ actor: clerk, at: new Date(finishedAt.getTime() + 60_000), params: { action: "finish" } });
        pickupAt = new Date(finishedAt.getTime() + 60_000);
      } else {
        const office = backofficeOf(item.departmentId);
        const promised = item.promisedDays ?? 5;
        const pausedDays = supplement ? 1 + Math.floor(rand() * 4) : 0;
        const acceptedDate = day.date;
        // 97 % on time: decided within the promised working days, the rest one to three days late.
        const takesDays =
          rand() < 0.97
            ? Math.max(1, Math.round(promised * (0.4 + rand() * 0.6))) + pausedDays
            : promised + pausedDays + 1 + Math.floor(rand() * 3);
        const decidedDate = addWorkingDays(acceptedDate, takesDays);
        steps.push({ actor: office, at: new Date(finishedAt.getTime() + 20 * 60_000), params: { action: "take" } });
        if (supplement) {
          const required = item.materials.filter((m) => m.required).map((m) => m.name);
          const missing = [required[required.length - 1] ?? allNames[0]];
          steps.push({
            actor: office,
            at: new Date(finishedAt.getTime() + 26 * 3_600_000),
            params: { action: "supplement-notice", missing, note: "复印件不清晰，请携带原件到窗口重新提交。" },
          });
          steps.push({
            actor: clerk,
            at: atShanghai(addWorkingDays(acceptedDate, 1 + pausedDays), "10:15"),
            params: { action: "supplement-received" },
          });
        }
        const decided = atShanghai(decidedDate, "15:30");
        const rejected = rand() < 0.025;
        steps.push({
          actor: office,
          at: decided,
          params: rejected
            ? { action: "reject", opinion: "经审核不符合条件，不予批准。" }
            : { action: "approve", opinion: "材料齐全，符合条件，准予办理。" },
        });
        steps.push({ actor: office, at: new Date(decided.getTime() + 40 * 60_000), params: { action: "ready" } });
        const pickup = addWorkingDays(decidedDate, Math.floor(rand() * 3));
        const pickupTime = rand() < 0.5 ? "09:40" : "14:20";
        // Collected on a later day, or on the day itself once it is ready (never before).
        pickupAt = pickup === decidedDate ? new Date(decided.getTime() + 70 * 60_000) : atShanghai(pickup, pickupTime);
        steps.push({ actor: clerk, at: pickupAt, params: deliverParams });
      }
      const rated = !intake.notAcceptedReason && rand() < 0.72;
      const level = rated ? weightedPick(rand, LEVEL_WEIGHTS, (l) => l[1], 1000)[0] : null;
      // The steps up to `until`; a case with steps still to come is open, and not yet rated.
      const firstLater = steps.findIndex((step) => step.at >= cutoff);
      const complete = firstLater === -1 && pickupAt < cutoff;
      plans.push({
        intake,
        ticketIndex,
        steps: firstLater === -1 ? steps : steps.slice(0, firstLater),
        rating:
          level === null || !complete
            ? null
            : {
                level,
                at: new Date(pickupAt.getTime() + 5 * 60_000),
                stage: item.kind === "promised" ? "pickup" : "service",
                reasons: level <= 2 ? [pick(rand, ["效率", "态度", "材料反复提交"] as const)] : [],
                comment: level <= 2 ? "等候时间较长" : null,
              },
      });
    }
  }

  // The tickets of the window's visits: lib/queue has no batch path for a past day's served
  // tickets, so they are written here as they stood at the end of each day.
  const ticketIds = await insertChunked(ticketRows, (chunk) =>
    tx.insert(tickets).values(chunk).returning({ id: tickets.id }),
  );
  // 受理, through the domain's batch intake: numbers, materials snapshot, due dates, rating tokens.
  const { taken } = await takeInCasesIn(tx, {
    actor: clerks[0],
    items: plans.map((p) => ({
      ...p.intake,
      ticketId: p.ticketIndex === null ? undefined : ticketIds[p.ticketIndex].id,
    })),
  });
  // Every later step through the domain's batch status change, by the same transitions table.
  await changeCasesStatusIn(tx, {
    steps: plans.flatMap((p, i) => p.steps.map((s) => ({ ...s, caseId: taken[i].id }))),
  });
  // 好差评 through the domain's ratings; last year's follow-ups were all called back.
  const manager = input.manager;
  await insertEvaluations(
    tx,
    plans.flatMap((p, i) =>
      p.rating === null
        ? []
        : [
            {
              hallId,
              caseId: taken[i].id,
              ticketId: p.ticketIndex === null ? null : ticketIds[p.ticketIndex].id,
              stage: p.rating.stage,
              rating: checkRating({
                level: p.rating.level,
                reasons: p.rating.reasons,
                comment: p.rating.comment ?? undefined,
              }),
              actorName: "群众",
              objectId: taken[i].caseNo,
              at: p.rating.at,
              closed: {
                at: new Date(p.rating.at.getTime() + 26 * 3_600_000),
                by: manager.id,
                callbackNote: "已电话回访，说明高峰期情况并致歉，群众表示理解",
                change: "高峰时段增开窗口，材料一次性告知清单张贴上墙",
              },
            },
          ],
    ),
  );
  return taken.length;
}

/** Bookings for the coming days, filling about a third of the online seats. */
async function createUpcomingBookings(tx: Tx, input: { hallId: number; today: string; rand: Rand }) {
  const { hallId, today, rand } = input;
  await ensureSessions(tx, { hallId, from: today, to: addDays(today, SESSION_HORIZON_DAYS) });
  const openSlots = await tx
    .select({ id: slots.id, onlineCapacity: slots.onlineCapacity, channel: serviceSessions.channel })
    .from(slots)
    .innerJoin(serviceSessions, eq(serviceSessions.id, slots.sessionId))
    .where(and(eq(slots.hallId, hallId), gte(slots.startsAt, new Date(Date.now() + 3_600_000))));
  const items = await tx
    .select({ id: serviceItems.id, channels: serviceItems.channels })
    .from(serviceItems)
    .where(and(eq(serviceItems.hallId, hallId), eq(serviceItems.isBookable, true)));
  const rows: (typeof bookings.$inferInsert)[] = [];
  for (const slot of openSlots) {
    const taken = Math.floor(rand() * (slot.onlineCapacity * 0.7 + 0.5));
    const offered = items.filter((i) => i.channels.includes(slot.channel));
    for (let n = 0; n < taken && offered.length; n++) {
      rows.push({
        hallId,
        code: newBookingCode(),
        serviceItemId: pick(rand, offered).id,
        slotId: slot.id,
        applicantName: fakeName(rand),
        ...sealPhone(fakePhone(rand)),
        ...sealIdNumber(rand() < 0.5 ? fakeIdNumber(rand) : null),
        status: "confirmed",
      });
    }
  }
  await insertChunked(rows, (chunk) =>
    tx.insert(bookings).values(chunk).onConflictDoNothing().returning({ id: bookings.id }),
  );
  const slotIds = [...new Set(rows.map((r) => r.slotId))];
  for (let i = 0; i < slotIds.length; i += 500) {
    const chunk = slotIds.slice(i, i + 500);
    await tx
      .update(slots)
      .set({
        booked: sql`(select count(*) from ${bookings} where ${bookings.slotId} = ${slots.id} and ${bookings.status} in ('confirmed','checked_in'))`,
      })
      .where(inArray(slots.id, chunk));
  }
  return rows.length;
}

/**
 * Demo staff, the history since 1 January last year and the coming days' bookings of a hall (the first hall's plan
 * unless told another); once per hall and database.
 */
export async function loadDemo(db: Db, input: { hallCode: string; today?: string; plan?: DemoHallPlan }) {
  const today = input.today ?? shanghaiDate();
  const year = Number(today.slice(0, 4)) - 1;
  const plan = input.plan ?? FIRST_DEMO_HALL;
  return db.transaction(async (tx) => {
    const claimed = await tx
      .insert(appMeta)
      .values({ key: plan.key, value: new Date().toISOString() })
      .onConflictDoNothing()
      .returning();
    if (claimed.length === 0) return { loaded: false as const };
    const [hall] = await tx.select({ id: halls.id }).from(halls).where(eq(halls.code, input.hallCode));
    const staff = await createStaff(tx, hall.id, plan.accounts);
    const clerks = staff.filter((s) => s.role === "clerk");
    const backoffice = staff.find((s) => s.role === "backoffice")!;
    const manager = staff.find((s) => s.role === "manager")!;
    const rand = mulberry32(plan.seed);
    // Last year in full (the work report's year) and this year up to yesterday (the year so far,
    // compared with the same days of last year).
    const caseCount = await createHistory(tx, {
      hallId: hall.id,
      from: `${year}-01-01`,
      until: addDays(today, -1),
      targetCases: plan.targetCases,
      clerks,
      backoffice,
      manager,
      rand,
    });
    const bookingCount = await createUpcomingBookings(tx, { hallId: hall.id, today, rand });
    const openCases = await createOpenCases(tx, { hallId: hall.id, today, ...plan.openCases });
    return { loaded: true as const, cases: caseCount, openCases, bookings: bookingCount, year };
  });
}

/**
 * Outside the demo: the first start of a hall (HALL_CODE) creates one admin of that hall with a
 * random one-time password, which must be changed at the first sign-in. The caller shows the
 * password once (seedDatabase). A second town's first instance on the same database gets its own
 * admin (`admin-<hall code>`, usernames being unique across the district): an admin administers
 * only their hall.
 */
export async function ensureInitialAdmin(db: Db, input: { hallCode: string }) {
  return db.transaction(async (tx) => {
    const [hall] = await tx.select({ id: halls.id }).from(halls).where(eq(halls.code, input.hallCode));
    const [existing] = await tx
      .select({ id: staffUsers.id })
      .from(staffUsers)
      .where(and(eq(staffUsers.role, "admin"), eq(staffUsers.hallId, hall.id)))
      .limit(1);
    if (existing) return { created: false as const };
    const [taken] = await tx.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.username, "admin"));
    const username = taken
      ? `admin-${input.hallCode.toLowerCase().replace(/[^a-z0-9_.-]/g, "")}`.slice(0, 32)
      : "admin";
    const password = randomBytes(12).toString("base64url");
    await tx.insert(staffUsers).values({
      hallId: hall.id,
      username,
      displayName: "系统管理员",
      passwordHash: await hashPassword(password),
      role: "admin",
      mustChangePassword: true,
    });
    return { created: true as const, username, password };
  });
}
