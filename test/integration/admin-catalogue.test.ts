import { readFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { and, desc, eq, gt, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import {
  auditLog,
  bookings,
  cases,
  departments,
  halls,
  serviceItems,
  serviceSessions,
  slots,
  windows,
} from "@/db/schema";
import { ITEM_SHEET, MATERIAL_SHEET } from "@/lib/admin/catalogue-workbook";
import { exportCatalogue } from "@/lib/admin/export-catalogue";
import { getItem } from "@/lib/admin/get-item";
import { CatalogueImportError, importCatalogue } from "@/lib/admin/import-catalogue";
import { itemInput, type ItemInput } from "@/lib/admin/item-schemas";
import { inputOf } from "@/lib/admin/item-write";
import { listItems } from "@/lib/admin/list-items";
import { setItemActive } from "@/lib/admin/set-item-active";
import { updateItem } from "@/lib/admin/update-item";
import type { Actor } from "@/lib/auth/actor";
import { getCase, issueSupplementNotice, takeInCase, trackCase } from "@/lib/cases";
import { newBookingCode } from "@/lib/booking/code";
import { getService, listServices } from "@/lib/catalogue";
import { sealPhone } from "@/lib/crypto";
import { loadCatalogue } from "@/lib/demo/load-catalogue";
import { AppError } from "@/lib/errors";
import { staffActorIn, unique, uniqueCasePrefix, uniquePhone } from "../support/fixtures";
import { expectCode } from "../support/errors";

// The catalogue's admin operations, in a hall of their own with the full 95-item catalogue: the
// seeded hall's catalogue is read by every other test file (which count its 95 items), and edits
// here must not reach them.

interface Hall {
  id: number;
  address: string;
  admin: Actor;
  clerk: Actor;
}

let hall: Hall;
let otherHallAdmin: Actor;

async function hallWithCatalogue(): Promise<Hall> {
  const db = await getDb();
  const code = unique("cat");
  const address = `测试地址${code}`;
  await loadCatalogue(db, {
    hallCode: code,
    hall: { name: `目录测试中心${code}`, address, phone: "0571-0000000", casePrefix: uniqueCasePrefix() },
  });
  const [{ id }] = await db.select({ id: halls.id }).from(halls).where(eq(halls.code, code));
  const [window] = await db
    .select({ id: windows.id })
    .from(windows)
    .where(and(eq(windows.hallId, id), eq(windows.number, 1)));
  return {
    id,
    address,
    admin: await staffActorIn({ role: "admin", hallId: id }),
    clerk: await staffActorIn({ role: "clerk", hallId: id, windowId: window.id }),
  };
}

beforeAll(async () => {
  hall = await hallWithCatalogue();
  otherHallAdmin = await staffActorIn({ role: "admin", hallId: (await hallWithCatalogue()).id });
});

async function auditSince(actor: Actor, afterId: number) {
  const db = await getDb();
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.actorId, actor.id), gt(auditLog.id, afterId)))
    .orderBy(auditLog.id);
}

async function lastAuditId(): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ id: auditLog.id }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  return row?.id ?? 0;
}

/** An item of the hall that no other test of this file touches: the n-th promised one with two materials at least. */
async function itemFor(n: number, kind: "instant" | "promised" = "promised") {
  const items = await listItems({ actor: hall.admin, status: "active" });
  return items.filter((i) => i.kind === kind && i.materials.length >= 2)[n];
}

/** A confirmed booking of the item a week ahead, straight in the database (the booking rules are not under test here). */
async function bookingFor(code: string) {
  const db = await getDb();
  const [item] = await db
    .select({ id: serviceItems.id })
    .from(serviceItems)
    .where(and(eq(serviceItems.hallId, hall.id), eq(serviceItems.code, code)));
  const startsAt = new Date(Date.now() + 7 * 86_400_000 + Math.floor(Math.random() * 3_600_000));
  const [session] = await db
    .insert(serviceSessions)
    .values({ hallId: hall.id, channel: "window", date: startsAt.toISOString().slice(0, 10), location: "测试" })
    .onConflictDoUpdate({
      target: [serviceSessions.hallId, serviceSessions.channel, serviceSessions.date, serviceSessions.villageVisitId],
      set: { location: serviceSessions.location },
    })
    .returning({ id: serviceSessions.id });
  const [slot] = await db
    .insert(slots)
    .values({
      hallId: hall.id,
      sessionId: session.id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 30 * 60_000),
      capacity: 4,
      onlineCapacity: 2,
      booked: 1,
    })
    .returning({ id: slots.id });
  await db.insert(bookings).values({
    hallId: hall.id,
    code: newBookingCode(),
    serviceItemId: item.id,
    slotId: slot.id,
    applicantName: "预约测试",
    ...sealPhone(uniquePhone()),
  });
}

const ROLES_BUT_ADMIN = ["clerk", "backoffice", "manager", "district", "kiosk", "display", "pad"] as const;

describe("listItems", () => {
  it("lists every item of the admin's hall, the inactive too, and searches like the public catalogue", async () => {
    const all = await listItems({ actor: hall.admin });
    expect(all).toHaveLength(95);
    expect(all.every((i) => i.version >= 1 && i.department.code && i.queue)).toBe(true);
    const byPinyin = await listItems({ actor: hall.admin, q: "ylbx" });
    expect(byPinyin.length).toBeGreaterThan(0);
    expect(byPinyin.length).toBeLessThan(95);
    expect(await listItems({ actor: hall.admin, status: "inactive" })).toEqual([]);
    // The whole code as printed on the district's list, dash and all.
    expect((await listItems({ actor: hall.admin, q: all[40].code })).map((i) => i.code)).toEqual([all[40].code]);
  });

  it.each(ROLES_BUT_ADMIN)("refuses a %s", async (role) => {
    const departmentId =
      role === "backoffice"
        ? (await (await getDb()).select({ id: departments.id }).from(departments).limit(1))[0].id
        : null;
    const actor = await staffActorIn({ role, hallId: hall.id, departmentId });
    await expectCode(listItems({ actor }), "forbidden");
  });

  it("gives another hall's admin nothing of this hall", async () => {
    const item = await itemFor(0);
    await expectCode(getItem({ actor: otherHallAdmin, code: `${item.code.slice(0, -3)}999` }), "not_found");
    const theirs = await listItems({ actor: otherHallAdmin });
    // Same district codes, their own rows: an edit here is not seen there.
    expect(theirs.find((i) => i.code === item.code)?.version).toBe(1);
  });
});

describe("updateItem", () => {
  it("saves every field and the materials (added, reordered, required, notes), audits it once, and the public page shows it at once", async () => {
    const before = await itemFor(1);
    const mark = await lastAuditId();
    const [first, second, ...rest] = before.materials;
    const alias = `测试俗称${unique("")}`;
    const edited: ItemInput = {
      ...inputOf(before),
      name: `${before.name}（测试改名）`,
      aliases: [alias],
      kind: "promised",
      promisedDays: 7,
      feeCents: 1550,
      channels: ["window", "village"],
      bookable: false,
      queue: "C",
      summary: "改过的简介",
      conditions: "改过的条件",
      steps: "1. 取号\n2. 受理",
      delivery: "窗口领取或邮寄",
      legalBasis: "《测试条例》第一条",
      materials: [
        { ...second, required: !second.required, note: "改过的备注" },
        first,
        ...rest,
        { name: "新增材料", required: true, copies: "复印件1份" },
      ],
    };
    const saved = await updateItem({ actor: hall.admin, code: before.code, version: before.version, item: edited });
    expect(saved.version).toBe(before.version + 1);
    expect(saved.changed).toEqual(
      expect.arrayContaining(["name", "aliases", "feeCents", "materials", "queue", "steps", "legalBasis"]),
    );
    expect(inputOf(saved)).toEqual(itemInput.parse(edited));

    const audit = await auditSince(hall.admin, mark);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "item.update",
      objectType: "service_item",
      result: "ok",
      hallId: hall.id,
      detail: expect.objectContaining({ code: before.code, name: edited.name }),
    });

    const page = await getService({ hall: { id: hall.id, address: hall.address }, code: before.code });
    expect(page.name).toBe(edited.name);
    expect(page.materials.map((m) => m.name)).toEqual(edited.materials.map((m) => m.name));
    expect(page.materials[0]).toMatchObject({ required: !second.required, note: "改过的备注" });
    expect(page).toMatchObject({ feeCents: 1550, bookable: false, steps: edited.steps, delivery: edited.delivery });
    expect(page.queue.prefix).toBe("C");
    // Found by the common name, in characters and in pinyin initials.
    expect((await listServices({ hallId: hall.id, q: alias })).map((i) => i.code)).toEqual([before.code]);
    expect((await listServices({ hallId: hall.id, q: "cssc" })).map((i) => i.code)).toContain(before.code);
  });

  it("writes nothing and audits nothing when nothing changed", async () => {
    const item = await itemFor(2);
    const mark = await lastAuditId();
    const saved = await updateItem({ actor: hall.admin, code: item.code, version: item.version, item: inputOf(item) });
    expect(saved.changed).toEqual([]);
    expect(saved.version).toBe(item.version);
    expect(await auditSince(hall.admin, mark)).toEqual([]);
  });

  it("refuses an edit made on an older version, and of two admins saving at once exactly one wins", async () => {
    const item = await itemFor(3);
    const secondAdmin = await staffActorIn({ role: "admin", hallId: hall.id });
    const mark = await lastAuditId();
    const results = await Promise.allSettled(
      [hall.admin, secondAdmin].map((actor, i) =>
        updateItem({
          actor,
          code: item.code,
          version: item.version,
          item: { ...inputOf(item), summary: `第 ${i + 1} 位管理员的简介` },
        }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(AppError);
    expect((refused.reason as AppError).code).toBe("conflict");
    const after = await getItem({ actor: hall.admin, code: item.code });
    expect(after.version).toBe(item.version + 1);
    const audits = [...(await auditSince(hall.admin, mark)), ...(await auditSince(secondAdmin, mark))];
    expect(audits).toHaveLength(1);
    // The loser retries on what it was shown: still refused.
    await expectCode(
      updateItem({ actor: secondAdmin, code: item.code, version: item.version, item: inputOf(item) }),
      "conflict",
    );
  });

  it("refuses an unknown department or queue and a name another item has, naming the field, and changes nothing", async () => {
    const [item, other] = [await itemFor(4), await itemFor(5)];
    const bad = await expectCode(
      updateItem({
        actor: hall.admin,
        code: item.code,
        version: item.version,
        item: { ...inputOf(item), department: "NOPE", queue: "Z" },
      }),
      "invalid_input",
    );
    expect(bad.fields).toEqual({ department: "没有这个部门", queue: "本中心没有这个取号队列" });
    const duplicate = await expectCode(
      updateItem({
        actor: hall.admin,
        code: item.code,
        version: item.version,
        item: { ...inputOf(item), name: other.name },
      }),
      "conflict",
    );
    expect(duplicate.fields).toHaveProperty("name");
    expect(await getItem({ actor: hall.admin, code: item.code })).toEqual(item);
  });

  it("finds no item of another hall and refuses every other role", async () => {
    const item = await itemFor(4);
    await expectCode(
      updateItem({ actor: otherHallAdmin, code: "ZZZ-999", version: 1, item: inputOf(item) }),
      "not_found",
    );
    const clerk = await staffActorIn({ role: "manager", hallId: hall.id });
    await expectCode(
      updateItem({ actor: clerk, code: item.code, version: item.version, item: inputOf(item) }),
      "forbidden",
    );
  });

  it("checks the fields with Chinese messages, material by material", () => {
    const result = itemInput.safeParse({
      name: "",
      aliases: ["a", "a"],
      department: "RSJ",
      category: "社保",
      kind: "instant",
      promisedDays: 5,
      feeCents: -1,
      channels: [],
      bookable: true,
      queue: "A",
      summary: "x",
      conditions: "",
      steps: "",
      delivery: "",
      legalBasis: "",
      materials: [
        { name: "身份证", required: true, copies: "原件" },
        { name: "身份证", required: true, copies: "" },
      ],
    });
    expect(result.success).toBe(false);
    const fields = Object.fromEntries(result.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(fields).toMatchObject({
      name: "请填写事项名称",
      aliases: "常用名称不能重复",
      feeCents: "收费不能为负数",
      channels: "请至少选择一个办理渠道",
      promisedDays: "即办件不填承诺时限",
      "materials.1.copies": "请填写份数要求",
      "materials.1.name": "材料“身份证”重复了",
    });
  });
});

describe("setItemActive", () => {
  it("takes an item off the public catalogue and the window, and back, never deleting it; each change audited", async () => {
    const item = await itemFor(6);
    await bookingFor(item.code);
    const mark = await lastAuditId();
    const off = await setItemActive({ actor: hall.admin, code: item.code, isActive: false });
    // The booking still ahead is told, not cancelled.
    expect(off).toMatchObject({ code: item.code, isActive: false, version: item.version + 1, openBookings: 1 });
    expect((await listServices({ hallId: hall.id })).some((i) => i.code === item.code)).toBe(false);
    await expect(getService({ hall: { id: hall.id, address: hall.address }, code: item.code })).rejects.toThrow();
    await expectCode(
      takeInCase({
        actor: hall.clerk,
        service: item.code,
        name: "王大伯",
        phone: uniquePhone(),
        materials: { received: item.materials.map((m) => m.name), missing: [] },
      }),
      "not_found",
    );
    expect((await listItems({ actor: hall.admin, status: "inactive" })).map((i) => i.code)).toEqual([item.code]);
    await expectCode(setItemActive({ actor: hall.admin, code: item.code, isActive: false }), "conflict");

    await setItemActive({ actor: hall.admin, code: item.code, isActive: true });
    expect((await listServices({ hallId: hall.id })).some((i) => i.code === item.code)).toBe(true);
    const audit = await auditSince(hall.admin, mark);
    expect(audit.map((a) => a.action)).toEqual(["item.deactivate", "item.reactivate"]);
  });

  it("of two admins deactivating at once, one does it and the other is told it is done already", async () => {
    const item = await itemFor(7);
    const results = await Promise.allSettled(
      [0, 1].map(() => setItemActive({ actor: hall.admin, code: item.code, isActive: false })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    await setItemActive({ actor: hall.admin, code: item.code, isActive: true });
  });

  it("refuses another hall's admin and other roles", async () => {
    const item = await itemFor(7);
    await expectCode(setItemActive({ actor: otherHallAdmin, code: "ZZZ-999", isActive: false }), "not_found");
    const manager = await staffActorIn({ role: "manager", hallId: hall.id });
    await expectCode(setItemActive({ actor: manager, code: item.code, isActive: false }), "forbidden");
  });
});

describe("a case keeps the materials of its intake day", () => {
  it("in the case view, the 补正 notice and the villager's tracking page, after the item's materials are edited", async () => {
    const item = await itemFor(8);
    const required = item.materials.filter((m) => m.required).map((m) => m.name);
    expect(required.length).toBeGreaterThanOrEqual(1);
    const phone = uniquePhone();
    // One case waiting for a 补正 (a required material missing), one accepted with everything.
    const waiting = await takeInCase({
      actor: hall.clerk,
      service: item.code,
      name: "李阿姨",
      phone,
      materials: { received: item.materials.map((m) => m.name).filter((n) => n !== required[0]), missing: [] },
    });
    const complete = await takeInCase({
      actor: hall.clerk,
      service: item.code,
      name: "赵大伯",
      phone: uniquePhone(),
      materials: { received: item.materials.map((m) => m.name), missing: [] },
    });
    expect(waiting.status).toBe("needs_supplement");
    const viewBefore = await getCase({ actor: hall.clerk, caseNo: waiting.caseNo });
    const trackBefore = await trackCase({ caseNo: waiting.caseNo, phone });

    // The department changes its rules: every material renamed, a new one added.
    await updateItem({
      actor: hall.admin,
      code: item.code,
      version: item.version,
      item: {
        ...inputOf(item),
        materials: [
          { name: "新规定材料", required: true, copies: "原件1份" },
          ...item.materials.map((m) => ({ ...m, name: `${m.name}（新）`, copies: "新份数" })),
        ],
      },
    });

    const viewAfter = await getCase({ actor: hall.clerk, caseNo: waiting.caseNo });
    expect(viewAfter.materials).toEqual(viewBefore.materials);
    expect(viewAfter.materials.list).toEqual(item.materials);
    expect(viewAfter.supplement).toEqual(viewBefore.supplement);
    expect(await trackCase({ caseNo: waiting.caseNo, phone })).toEqual(trackBefore);

    // A 补正 notice issued after the edit names the materials of the case's own list, not the new ones.
    const noticed = await issueSupplementNotice({
      actor: hall.clerk,
      caseNo: complete.caseNo,
      missing: [item.materials[1].name],
      note: "请补交",
    });
    expect(noticed.supplement?.missing).toEqual([item.materials[1].name]);
    expect(noticed.materials.list).toEqual(item.materials);
    const backoffice = await staffActorIn({ role: "backoffice", hallId: hall.id, departmentId: noticed.department.id });
    expect((await getCase({ actor: backoffice, caseNo: complete.caseNo })).materials.list).toEqual(item.materials);

    // A case taken in now gets the new list.
    const fresh = await takeInCase({
      actor: hall.clerk,
      service: item.code,
      name: "孙大姐",
      phone: uniquePhone(),
      materials: { received: ["新规定材料", ...item.materials.map((m) => `${m.name}（新）`)], missing: [] },
    });
    expect(fresh.materials.list[0].name).toBe("新规定材料");
  });
  it("also when the item had no materials at all on intake day (an empty list is a list, not a gap)", async () => {
    const item = await itemFor(9, "instant");
    const bare = await updateItem({
      actor: hall.admin,
      code: item.code,
      version: item.version,
      item: { ...inputOf(item), materials: [] },
    });
    const taken = await takeInCase({
      actor: hall.clerk,
      service: item.code,
      name: "周大爷",
      phone: uniquePhone(),
      materials: { received: [], missing: [] },
    });
    expect(taken.materials.list).toEqual([]);
    await updateItem({ actor: hall.admin, code: item.code, version: bare.version, item: inputOf(item) });
    expect((await getCase({ actor: hall.clerk, caseNo: taken.caseNo })).materials.list).toEqual([]);
  });
});

describe("migration 0018", () => {
  it("gives a case taken in before the snapshot (an empty list) the item's list of the day of the migration", async () => {
    const item = await itemFor(11);
    const migration = readFileSync(path.join(process.cwd(), "db/migrations/0018_catalogue_admin.sql"), "utf8");
    const backfill = migration.split("--> statement-breakpoint").find((s) => s.includes('UPDATE "cases"'))!;
    const db = await getDb();
    // In a transaction rolled back at the end: the backfill touches every such case of the database.
    const rolledBack = new Error("roll back");
    await expect(
      db.transaction(async (tx) => {
        const taken = await takeInCase({
          actor: hall.clerk,
          service: item.code,
          name: "老办件",
          phone: uniquePhone(),
          materials: { received: item.materials.map((m) => m.name), missing: [] },
          tx,
        });
        await tx.update(cases).set({ materialsList: [] }).where(eq(cases.caseNo, taken.caseNo));
        await tx.execute(sql.raw(backfill.replace(/^\s*--.*$/gm, "")));
        const [row] = await tx.select({ list: cases.materialsList }).from(cases).where(eq(cases.caseNo, taken.caseNo));
        expect(row.list).toEqual(item.materials);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
  });
});

/** The exported workbook, opened for a test to change cells in. */
async function openWorkbook(bytes: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}
const toBytes = async (workbook: ExcelJS.Workbook) => Buffer.from(await workbook.xlsx.writeBuffer());

/** Every column of the hall's items, to compare before and after. */
async function catalogueRows(hallId: number) {
  const db = await getDb();
  return db.select().from(serviceItems).where(eq(serviceItems.hallId, hallId)).orderBy(serviceItems.code);
}

describe("catalogue workbook", () => {
  it("exports every item (事项) and every material (材料); importing it back changes nothing", async () => {
    const { fileName, bytes } = await exportCatalogue({ actor: hall.admin });
    expect(fileName).toMatch(/事项目录 \d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = await openWorkbook(bytes);
    const items = workbook.getWorksheet(ITEM_SHEET)!;
    const materials = workbook.getWorksheet(MATERIAL_SHEET)!;
    expect(items.actualRowCount - 1).toBe(95);
    const all = await listItems({ actor: hall.admin });
    expect(materials.actualRowCount - 1).toBe(all.reduce((n, i) => n + i.materials.length, 0));
    expect(items.getRow(1).getCell(1).text).toBe("事项编码");

    const before = await catalogueRows(hall.id);
    const mark = await lastAuditId();
    const result = await importCatalogue({ actor: hall.admin, bytes });
    expect(result).toEqual({ created: [], updated: [], unchanged: 95 });
    expect(await catalogueRows(hall.id)).toEqual(before);
    const audit = await auditSince(hall.admin, mark);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "catalogue.import", objectType: "catalogue", result: "ok" });
  });

  it("applies a changed workbook: an edited fee and material, a deactivated item, a new item from the district", async () => {
    const own = await hallWithCatalogue();
    const workbook = await openWorkbook((await exportCatalogue({ actor: own.admin })).bytes);
    const items = workbook.getWorksheet(ITEM_SHEET)!;
    const materials = workbook.getWorksheet(MATERIAL_SHEET)!;
    const header = (sheet: ExcelJS.Worksheet, text: string) =>
      (sheet.getRow(1).values as unknown[]).findIndex((v) => v === text);
    const [feeCol, statusCol, codeCol] = ["收费（元）", "状态", "事项编码"].map((h) => header(items, h));
    const editedCode = String(items.getRow(2).getCell(codeCol).value);
    const offCode = String(items.getRow(3).getCell(codeCol).value);
    items.getRow(2).getCell(feeCol).value = 12.5;
    items.getRow(3).getCell(statusCol).value = "停用";
    const materialRow = materials.getRow(2);
    const materialCode = String(materialRow.getCell(1).value);
    materialRow.getCell(header(materials, "备注")).value = "导入的备注";
    const newCode = `TST-${String(Math.floor(Math.random() * 900) + 100)}`;
    const template = items.getRow(2).values as unknown[];
    const added = items.addRow(template.slice(1));
    added.getCell(codeCol).value = newCode;
    added.getCell(header(items, "事项名称")).value = `区里新下放的事项${newCode}`;
    added.getCell(header(items, "常用名称")).value = "新事项、下放";
    added.getCell(statusCol).value = "在办";
    materials.addRow([newCode, 1, "居民身份证", "必需", "原件核验", ""]);

    const mark = await lastAuditId();
    const result = await importCatalogue({ actor: own.admin, bytes: await toBytes(workbook) });
    expect(result.created).toEqual([newCode]);
    expect(result.updated.sort()).toEqual([...new Set([editedCode, offCode, materialCode])].sort());
    expect(result.unchanged).toBe(95 - result.updated.length);
    expect((await getItem({ actor: own.admin, code: editedCode })).feeCents).toBe(1250);
    expect((await getItem({ actor: own.admin, code: offCode })).isActive).toBe(false);
    expect((await getItem({ actor: own.admin, code: materialCode })).materials[0].note).toBe("导入的备注");
    const created = await getItem({ actor: own.admin, code: newCode });
    expect(created).toMatchObject({ aliases: ["新事项", "下放"], isActive: true, version: 1 });
    expect(created.materials).toEqual([{ name: "居民身份证", required: true, copies: "原件核验" }]);
    expect((await listServices({ hallId: own.id, q: "xsx" })).map((i) => i.code)).toContain(newCode);
    expect((await auditSince(own.admin, mark)).map((a) => a.action)).toEqual(["catalogue.import"]);
  });

  it("an import and an edit of the same item at once run in turn: the edit before the import, or refused after it", async () => {
    const own = await hallWithCatalogue();
    const item = (await listItems({ actor: own.admin }))[10];
    const workbook = await openWorkbook((await exportCatalogue({ actor: own.admin })).bytes);
    const items = workbook.getWorksheet(ITEM_SHEET)!;
    const header = items.getRow(1).values as unknown[];
    const row = items.getRow(12);
    expect(String(row.getCell(header.indexOf("事项编码")).value)).toBe(item.code);
    row.getCell(header.indexOf("事项简介")).value = "导入的简介";
    const bytes = await toBytes(workbook);
    const [imported, edited] = await Promise.allSettled([
      importCatalogue({ actor: own.admin, bytes }),
      updateItem({
        actor: own.admin,
        code: item.code,
        version: item.version,
        item: { ...inputOf(item), steps: "编辑的流程" },
      }),
    ]);
    expect(imported.status).toBe("fulfilled");
    const after = await getItem({ actor: own.admin, code: item.code });
    expect(after.summary).toBe("导入的简介");
    if (edited.status === "fulfilled") {
      // The edit went first; the import then applied its file as it stands (the district's word wins, both audited).
      expect(after.version).toBe(item.version + 2);
    } else {
      expect((edited.reason as AppError).code).toBe("conflict");
      expect(after).toMatchObject({ version: item.version + 1, steps: item.steps });
    }
  });

  it("refuses a workbook with wrong rows as a whole, naming sheet, row and column in Chinese, and changes nothing", async () => {
    const workbook = await openWorkbook((await exportCatalogue({ actor: hall.admin })).bytes);
    const items = workbook.getWorksheet(ITEM_SHEET)!;
    const materials = workbook.getWorksheet(MATERIAL_SHEET)!;
    const col = (sheet: ExcelJS.Worksheet, text: string) =>
      (sheet.getRow(1).values as unknown[]).findIndex((v) => v === text);
    // Row 2 is valid but changed (it must not be written); rows 4–7 are wrong.
    items.getRow(2).getCell(col(items, "事项简介")).value = "这一行本身没错";
    items.getRow(4).getCell(col(items, "办件类型")).value = "马上办";
    items.getRow(5).getCell(col(items, "收费（元）")).value = "免费";
    items.getRow(6).getCell(col(items, "实施部门")).value = "不存在的局";
    items.getRow(7).getCell(col(items, "事项编码")).value = items.getRow(8).getCell(col(items, "事项编码")).value;
    materials.getRow(3).getCell(col(materials, "是否必需")).value = "也许";
    materials.addRow(["NOP-001", 1, "身份证", "必需", "原件", ""]);

    const before = await catalogueRows(hall.id);
    const mark = await lastAuditId();
    const error = await expectCode(
      importCatalogue({ actor: hall.admin, bytes: await toBytes(workbook) }),
      "invalid_input",
    );
    expect(error).toBeInstanceOf(CatalogueImportError);
    const errors = (error as CatalogueImportError).errors;
    const at = (sheet: string, row: number) => errors.filter((e) => e.sheet === sheet && e.row === row);
    expect(at(ITEM_SHEET, 4)).toEqual([
      expect.objectContaining({ column: "办件类型", message: "办件类型应为即办件或承诺件" }),
    ]);
    expect(at(ITEM_SHEET, 5)[0]).toMatchObject({ column: "收费（元）", message: "收费应为金额（元），如 0 或 15.50" });
    expect(at(ITEM_SHEET, 6)[0]).toMatchObject({ column: "实施部门", message: "没有“不存在的局”这个部门" });
    expect(at(ITEM_SHEET, 8)[0]).toMatchObject({
      column: "事项编码",
      message: expect.stringContaining("与第 7 行重复"),
    });
    expect(at(MATERIAL_SHEET, 3)[0]).toMatchObject({ column: "是否必需", message: "是否必需应为“必需”或“视情况”" });
    expect(errors.some((e) => e.sheet === MATERIAL_SHEET && e.message.includes("NOP-001"))).toBe(true);
    expect(error.message).toContain("没有做任何修改");
    expect(Object.keys(error.fields!)).toContain(`${ITEM_SHEET}!${at(ITEM_SHEET, 4)[0].cell}`);
    expect(await catalogueRows(hall.id)).toEqual(before);
    expect(await auditSince(hall.admin, mark)).toEqual([]);
  });

  it("refuses a file that is no workbook, or lacks a sheet or a column, with a Chinese message", async () => {
    const notExcel = await expectCode(
      importCatalogue({ actor: hall.admin, bytes: new TextEncoder().encode("code,name\n") }),
      "invalid_input",
    );
    expect(notExcel.message).toContain("1 处错误");
    expect(Object.values(notExcel.fields!)[0]).toContain("不是有效的 Excel 工作簿");

    const noMaterials = new ExcelJS.Workbook();
    noMaterials.addWorksheet(ITEM_SHEET).addRow(["事项编码", "事项名称"]);
    const missing = await expectCode(
      importCatalogue({ actor: hall.admin, bytes: await toBytes(noMaterials) }),
      "invalid_input",
    );
    expect(Object.values(missing.fields!)).toEqual(expect.arrayContaining([expect.stringContaining("缺少「材料」表")]));
  });

  it("is the admin's only", async () => {
    const manager = await staffActorIn({ role: "manager", hallId: hall.id });
    await expectCode(exportCatalogue({ actor: manager }), "forbidden");
    await expectCode(importCatalogue({ actor: manager, bytes: new Uint8Array() }), "forbidden");
  });
});
