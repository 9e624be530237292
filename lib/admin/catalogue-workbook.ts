// The catalogue as the district sends it: an Excel workbook with one row per item on the sheet 事项
// and the materials (一次性告知) on the sheet 材料, one row each, keyed by the item's code and in the
// order of 序号. Columns are found by their header, so a district file with its columns in another
// order reads the same. No server-only: pure apart from producing and reading bytes.
import ExcelJS from "exceljs";
import { CHANNELS, type Channel } from "@/db/schema";
import { ITEM_CODE_PATTERN, itemInput, type ItemInput } from "@/lib/admin/item-schemas";

export const ITEM_SHEET = "事项";
export const MATERIAL_SHEET = "材料";
/** More rows than a hall will ever have: a bigger file is a mistake (or an attack), not a catalogue. */
const MAX_ITEMS = 1000;
const MAX_MATERIALS = 20_000;

type ItemColumnKey =
  | "code"
  | "name"
  | "aliases"
  | "department"
  | "category"
  | "kind"
  | "promisedDays"
  | "fee"
  | "channels"
  | "bookable"
  | "queue"
  | "summary"
  | "conditions"
  | "steps"
  | "delivery"
  | "legalBasis"
  | "status";
type MaterialColumnKey = "code" | "position" | "name" | "required" | "copies" | "note";

interface Column<K> {
  key: K;
  header: string;
  width: number;
  /** A column the file must have (the others may be absent and read as empty). */
  isRequired?: boolean;
}

export const ITEM_COLUMNS: Column<ItemColumnKey>[] = [
  { key: "code", header: "事项编码", width: 12, isRequired: true },
  { key: "name", header: "事项名称", width: 36, isRequired: true },
  { key: "aliases", header: "常用名称", width: 20 },
  { key: "department", header: "实施部门", width: 30, isRequired: true },
  { key: "category", header: "事项类别", width: 12, isRequired: true },
  { key: "kind", header: "办件类型", width: 10, isRequired: true },
  { key: "promisedDays", header: "承诺时限（工作日）", width: 12 },
  { key: "fee", header: "收费（元）", width: 10 },
  { key: "channels", header: "办理渠道", width: 26, isRequired: true },
  { key: "bookable", header: "网上预约", width: 10 },
  { key: "queue", header: "取号队列", width: 10, isRequired: true },
  { key: "summary", header: "事项简介", width: 40, isRequired: true },
  { key: "conditions", header: "受理条件", width: 40 },
  { key: "steps", header: "办理流程", width: 40 },
  { key: "delivery", header: "送达方式", width: 24 },
  { key: "legalBasis", header: "设定依据", width: 40 },
  { key: "status", header: "状态", width: 8 },
];

export const MATERIAL_COLUMNS: Column<MaterialColumnKey>[] = [
  { key: "code", header: "事项编码", width: 12, isRequired: true },
  { key: "position", header: "序号", width: 6, isRequired: true },
  { key: "name", header: "材料名称", width: 40, isRequired: true },
  { key: "required", header: "是否必需", width: 10, isRequired: true },
  { key: "copies", header: "份数要求", width: 14, isRequired: true },
  { key: "note", header: "备注", width: 40 },
];

const KIND_LABEL = { instant: "即办件", promised: "承诺件" } as const;
const CHANNEL_WORD: Record<Channel, string> = { window: "窗口", weekend: "周末服务岗", village: "下村日" };
const LIST_SEPARATOR = /[、，,；;\n]+/;

/** One item as it goes into (and comes out of) the workbook. */
export interface CatalogueEntry {
  code: string;
  /** The department's full name, as the district writes it. */
  departmentName: string;
  isActive: boolean;
  item: ItemInput;
}

/** A refusal of one cell (or one row, or the file), in words a person fixing the workbook follows. */
export interface WorkbookError {
  sheet: string;
  /** The Excel row number (1 is the header); 0 for the file as a whole. */
  row: number;
  /** The column's header, empty for the file or a whole row. */
  column: string;
  /** `F5`, or empty. */
  cell: string;
  message: string;
}

export function workbookErrorText(e: WorkbookError): string {
  if (e.row === 0) return `${e.sheet ? `「${e.sheet}」表：` : ""}${e.message}`;
  return `「${e.sheet}」表第 ${e.row} 行${e.column ? `「${e.column}」` : ""}：${e.message}`;
}

export async function buildCatalogueWorkbook(entries: CatalogueEntry[], options: { now?: Date } = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "一窗";
  workbook.created = options.now ?? new Date();
  const items = addSheet(workbook, ITEM_SHEET, ITEM_COLUMNS);
  const materials = addSheet(workbook, MATERIAL_SHEET, MATERIAL_COLUMNS);
  for (const entry of entries) {
    const { item } = entry;
    const values: Record<ItemColumnKey, string | number> = {
      code: entry.code,
      name: item.name,
      aliases: item.aliases.join("、"),
      department: entry.departmentName,
      category: item.category,
      kind: KIND_LABEL[item.kind],
      promisedDays: item.promisedDays ?? "",
      fee: item.feeCents / 100,
      channels: item.channels.map((c) => CHANNEL_WORD[c]).join("、"),
      bookable: item.bookable ? "是" : "否",
      queue: item.queue,
      summary: item.summary,
      conditions: item.conditions,
      steps: item.steps,
      delivery: item.delivery,
      legalBasis: item.legalBasis,
      status: entry.isActive ? "在办" : "停用",
    };
    items.addRow(ITEM_COLUMNS.map((c) => values[c.key]));
    item.materials.forEach((m, i) => {
      materials.addRow([entry.code, i + 1, m.name, m.required ? "必需" : "视情况", m.copies, m.note ?? ""]);
    });
  }
  items.getColumn(ITEM_COLUMNS.findIndex((c) => c.key === "fee") + 1).numFmt = "0.00";
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addSheet<K>(workbook: ExcelJS.Workbook, name: string, columns: Column<K>[]) {
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1, xSplit: 0 }] });
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9EAFF" } };
  columns.forEach((c, i) => (sheet.getColumn(i + 1).width = c.width));
  return sheet;
}

/** What the import needs to know of the database to check a row: the departments and queues, the names taken. */
export interface WorkbookReferences {
  departmentCode: (nameOrCode: string) => string | undefined;
  hasQueue: (prefix: string) => boolean;
  /** Item names of the hall by the code that holds them (a workbook row may keep its own name). */
  nameHolder: (name: string) => string | undefined;
}

export interface ReadWorkbook {
  entries: (Omit<CatalogueEntry, "departmentName"> & { row: number })[];
  errors: WorkbookError[];
}

/**
 * Reads and checks every row of a catalogue workbook; `errors` lists every wrong cell (none: every
 * entry is a valid item). Nothing is written here: the import writes only a workbook without errors.
 */
export async function readCatalogueWorkbook(bytes: Uint8Array, refs: WorkbookReferences): Promise<ReadWorkbook> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { entries: [], errors: [fileError("", "文件不是有效的 Excel 工作簿（.xlsx），请用导出的模板填写")] };
  }
  const itemSheet = workbook.getWorksheet(ITEM_SHEET);
  const materialSheet = workbook.getWorksheet(MATERIAL_SHEET);
  const errors: WorkbookError[] = [];
  if (!itemSheet) errors.push(fileError("", `工作簿缺少「${ITEM_SHEET}」表`));
  if (!materialSheet) errors.push(fileError("", `工作簿缺少「${MATERIAL_SHEET}」表`));
  if (!itemSheet || !materialSheet) return { entries: [], errors };

  const itemTable = readTable(itemSheet, ITEM_COLUMNS, MAX_ITEMS, errors);
  const materialTable = readTable(materialSheet, MATERIAL_COLUMNS, MAX_MATERIALS, errors);
  if (!itemTable || !materialTable) return { entries: [], errors };

  const at = (sheet: string, table: Table<string>, row: number, key: string) => {
    const column = table.columns.find((c) => c.key === key)!;
    const letter = table.letters.get(key);
    return { sheet, row, column: column.header, cell: letter ? `${letter}${row}` : "" };
  };
  const itemError = (row: number, key: ItemColumnKey, message: string) =>
    errors.push({ ...at(ITEM_SHEET, itemTable, row, key), message });
  const materialError = (row: number, key: MaterialColumnKey, message: string) =>
    errors.push({ ...at(MATERIAL_SHEET, materialTable, row, key), message });

  // The materials of each code, in the order of 序号.
  const materialsByCode = new Map<string, { row: number; position: number; cells: Cells<MaterialColumnKey> }[]>();
  for (const { row, cells } of materialTable.rows) {
    const code = cells.code;
    if (!code) {
      materialError(row, "code", "请填写事项编码");
      continue;
    }
    const position = /^\d{1,3}$/.test(cells.position) ? Number(cells.position) : NaN;
    if (!Number.isInteger(position) || position < 1) {
      materialError(row, "position", "序号应为正整数（1、2、3…）");
      continue;
    }
    const list = materialsByCode.get(code) ?? [];
    const same = list.find((m) => m.position === position);
    if (same) {
      materialError(row, "position", `序号 ${position} 与第 ${same.row} 行重复`);
      continue;
    }
    list.push({ row, position, cells });
    materialsByCode.set(code, list);
  }
  for (const list of materialsByCode.values()) list.sort((a, b) => a.position - b.position);

  const entries: ReadWorkbook["entries"] = [];
  const rowOfCode = new Map<string, number>();
  const rowOfName = new Map<string, number>();
  for (const { row, cells } of itemTable.rows) {
    const before = errors.length;
    const code = cells.code;
    if (!ITEM_CODE_PATTERN.test(code)) itemError(row, "code", code ? "事项编码应如 YBJ-001" : "请填写事项编码");
    else if (rowOfCode.has(code)) itemError(row, "code", `事项编码 ${code} 与第 ${rowOfCode.get(code)} 行重复`);
    else rowOfCode.set(code, row);

    const department = refs.departmentCode(cells.department);
    if (cells.department && !department) itemError(row, "department", `没有“${cells.department}”这个部门`);
    if (cells.queue && !refs.hasQueue(cells.queue)) itemError(row, "queue", `本中心没有“${cells.queue}”号队列`);
    if (cells.name && rowOfName.has(cells.name))
      itemError(row, "name", `事项名称与第 ${rowOfName.get(cells.name)} 行重复`);
    else if (cells.name) rowOfName.set(cells.name, row);
    const holder = refs.nameHolder(cells.name);
    if (holder && holder !== code && !itemTable.rows.some((r) => r.cells.code === holder))
      itemError(row, "name", `本中心已有同名事项（${holder}）`);
    if (cells.status && cells.status !== "在办" && cells.status !== "停用")
      itemError(row, "status", "状态应为“在办”或“停用”");

    const materials = materialsByCode.get(code) ?? [];
    const candidate = {
      name: cells.name,
      aliases: cells.aliases
        ? cells.aliases
            .split(LIST_SEPARATOR)
            .map((a) => a.trim())
            .filter(Boolean)
        : [],
      department: department ?? "",
      category: cells.category,
      kind: ({ 即办件: "instant", 承诺件: "promised" } as Record<string, string>)[cells.kind] ?? cells.kind,
      promisedDays:
        cells.promisedDays === "" ? null : /^\d{1,3}$/.test(cells.promisedDays) ? Number(cells.promisedDays) : NaN,
      feeCents: feeCentsOf(cells.fee),
      channels: cells.channels
        .split(LIST_SEPARATOR)
        .map((c) => c.trim())
        .filter(Boolean)
        .map((c) => CHANNELS.find((key) => CHANNEL_WORD[key] === c || key === c) ?? c),
      bookable: yesNo(cells.bookable),
      queue: cells.queue,
      summary: cells.summary,
      conditions: cells.conditions,
      steps: cells.steps,
      delivery: cells.delivery,
      legalBasis: cells.legalBasis,
      materials: materials.map((m) => ({
        name: m.cells.name,
        required: m.cells.required === "必需" ? true : m.cells.required === "视情况" ? false : undefined,
        copies: m.cells.copies,
        note: m.cells.note,
      })),
    };
    const parsed = itemInput.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const [field, index, sub] = issue.path as [string, number | undefined, string | undefined];
        if (field === "materials" && typeof index === "number" && materials[index]) {
          const key = (sub === "required" ? "required" : (sub ?? "name")) as MaterialColumnKey;
          const message = sub === "required" ? "是否必需应为“必需”或“视情况”" : issue.message;
          materialError(materials[index].row, key, message);
        } else if (field === "materials") itemError(row, "code", issue.message);
        else if (field === "department") {
          if (!cells.department) itemError(row, "department", "请填写实施部门");
        } else if (field === "queue" && cells.queue && !refs.hasQueue(cells.queue)) {
          // Already told: no such queue.
        } else itemError(row, COLUMN_OF_FIELD[field] ?? "code", messageOf(field, issue.message));
      }
    }
    if (parsed.success && errors.length === before)
      entries.push({ code, row, isActive: cells.status !== "停用", item: parsed.data });
  }
  for (const [code, list] of materialsByCode)
    if (!rowOfCode.has(code) && !itemTable.rows.some((r) => r.cells.code === code))
      for (const m of list) materialError(m.row, "code", `「${ITEM_SHEET}」表中没有事项 ${code}`);
  errors.sort((a, b) => (a.sheet === b.sheet ? a.row - b.row : a.sheet === ITEM_SHEET ? -1 : 1));
  return { entries: errors.length ? [] : entries, errors };
}

const COLUMN_OF_FIELD: Record<string, ItemColumnKey> = {
  name: "name",
  aliases: "aliases",
  category: "category",
  kind: "kind",
  promisedDays: "promisedDays",
  feeCents: "fee",
  channels: "channels",
  bookable: "bookable",
  queue: "queue",
  summary: "summary",
  conditions: "conditions",
  steps: "steps",
  delivery: "delivery",
  legalBasis: "legalBasis",
};

function messageOf(field: string, message: string) {
  if (field === "feeCents" && message === "收费应为金额") return "收费应为金额（元），如 0 或 15.50";
  if (field === "bookable") return "网上预约应为“是”或“否”";
  if (field === "promisedDays" && message.startsWith("承诺时限应为 1–60")) return "承诺时限应为 1–60 的整数（工作日）";
  return message;
}

function feeCentsOf(text: string): number {
  if (text === "") return 0;
  if (!/^\d{1,6}(\.\d{1,2})?$/.test(text)) return NaN;
  return Math.round(Number(text) * 100);
}

/** 是 or 否; an empty cell is 是 (an item is bookable unless the district says not). */
function yesNo(text: string): boolean | undefined {
  if (text === "是" || text === "") return true;
  if (text === "否") return false;
  return undefined;
}

function fileError(sheet: string, message: string): WorkbookError {
  return { sheet, row: 0, column: "", cell: "", message };
}

type Cells<K extends string> = Record<K, string>;
interface Table<K extends string> {
  columns: Column<K>[];
  letters: Map<string, string>;
  rows: { row: number; cells: Cells<K> }[];
}

/** The sheet's rows as text by column key, blank rows skipped; null when a required header is missing. */
function readTable<K extends string>(
  sheet: ExcelJS.Worksheet,
  columns: Column<K>[],
  maxRows: number,
  errors: WorkbookError[],
): Table<K> | null {
  const header = sheet.getRow(1);
  const indexOf = new Map<string, number>();
  header.eachCell((cell, col) => {
    const text = cellText(cell);
    const column = columns.find((c) => c.header === text);
    if (column && !indexOf.has(column.key)) indexOf.set(column.key, col);
  });
  const missing = columns.filter((c) => c.isRequired && !indexOf.has(c.key));
  if (missing.length) {
    errors.push(fileError(sheet.name, `第 1 行缺少这些列：${missing.map((c) => c.header).join("、")}`));
    return null;
  }
  if (sheet.actualRowCount - 1 > maxRows) {
    errors.push(fileError(sheet.name, `行数过多（最多 ${maxRows} 行）`));
    return null;
  }
  const letters = new Map([...indexOf].map(([key, col]) => [key, sheet.getColumn(col).letter]));
  const rows: Table<K>["rows"] = [];
  sheet.eachRow((excelRow, row) => {
    if (row === 1) return;
    const cells = Object.fromEntries(
      columns.map((c) => [c.key, indexOf.has(c.key) ? cellText(excelRow.getCell(indexOf.get(c.key)!)) : ""]),
    ) as Cells<K>;
    if (Object.values<string>(cells).every((v) => v === "")) return;
    rows.push({ row, cells });
  });
  return { columns, letters, rows };
}

/** A cell as the text a person sees (a number as written, rich text joined), trimmed; NUL removed. */
function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  return (cell.text ?? "").replaceAll(String.fromCharCode(0), "").trim();
}
