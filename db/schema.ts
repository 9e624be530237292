import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  time,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

// Every hall-owned row carries hall_id so that a whole district of towns can share one database.
// Departments are district bodies and are shared by all halls.

const id = () => integer("id").primaryKey().generatedAlwaysAsIdentity();
const hallId = () =>
  integer("hall_id")
    .notNull()
    .references(() => halls.id);
const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

/**
 * Who a booking or waitlist entry is for (a generated column): `id:` and the ID number's keyed hash,
 * else `pn:`, the phone's keyed hash and the name. lib/booking/booking-checks.ts applicantKey is
 * the same rule for a request not yet stored.
 */
const APPLICANT_KEY_SQL = sql`coalesce('id:' || id_number_hash, 'pn:' || phone_hash || ':' || applicant_name)`;

export const CHANNELS = ["window", "weekend", "village"] as const;
export type Channel = (typeof CHANNELS)[number];
export const ITEM_KINDS = ["instant", "promised"] as const;
export const STAFF_ROLES = ["clerk", "backoffice", "manager", "admin", "district", "kiosk", "display", "pad"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export const BOOKING_STATUSES = ["confirmed", "cancelled", "checked_in", "no_show", "completed"] as const;
export const TICKET_STATUSES = ["waiting", "called", "serving", "done", "no_show", "parked", "transferred"] as const;
export const TICKET_SOURCES = ["walk_in", "booking"] as const;
export const CASE_STATUSES = [
  "accepted",
  "processing",
  "needs_supplement",
  "approved",
  "rejected",
  "ready",
  "delivered",
  "not_accepted",
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_SOURCES = ["walk_in", "booking"] as const;
export const DELIVERY_METHODS = ["window", "post"] as const;
export const EVALUATION_STAGES = ["service", "pickup"] as const;
export type EvaluationStage = (typeof EVALUATION_STAGES)[number];

const inList = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);

export interface Material {
  name: string;
  required: boolean;
  copies: string;
  note?: string;
}

export const appMeta = pgTable("app_meta", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const halls = pgTable(
  "halls",
  {
    id: id(),
    code: text("code").notNull().unique(),
    name: text("name").notNull(),
    address: text("address").notNull(),
    phone: text("phone").notNull(),
    // The first letters of case numbers (QC2026000123); unique so that two halls never share a number.
    // Case numbers are {case prefix}{year}{6-digit sequence}; each hall has its own prefix (no default: two
    // halls must never number cases alike).
    casePrefix: text("case_prefix").notNull().unique(),
    // The TV's scrolling notice, set by the hall's admin (null: QUEUE_NOTICE of the environment).
    displayNotice: text("display_notice"),
    createdAt: createdAt(),
  },
  (t) => [check("halls_display_notice_ck", sql`char_length(${t.displayNotice}) <= 200`)],
);

export const departments = pgTable("departments", {
  id: id(),
  code: text("code").notNull().unique(),
  name: text("name").notNull().unique(),
  shortName: text("short_name").notNull(),
  /** 咨询电话 for the department's items; null when not known (the pages then give the hall's). */
  phone: text("phone"),
});

export const queues = pgTable(
  "queues",
  {
    id: id(),
    hallId: hallId(),
    prefix: text("prefix").notNull(),
    name: text("name").notNull(),
    dailyCap: integer("daily_cap").notNull().default(300),
    sortOrder: integer("sort_order").notNull().default(0),
  },
  (t) => [
    uniqueIndex("queues_hall_prefix_uq").on(t.hallId, t.prefix),
    check("queues_prefix_ck", sql`${t.prefix} ~ '^[A-Z]$'`),
    check("queues_daily_cap_ck", sql`${t.dailyCap} > 0 and ${t.dailyCap} <= 999`),
  ],
);

export const serviceItems = pgTable(
  "service_items",
  {
    id: id(),
    hallId: hallId(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    departmentId: integer("department_id")
      .notNull()
      .references(() => departments.id),
    category: text("category").notNull(),
    queueId: integer("queue_id")
      .notNull()
      .references(() => queues.id),
    kind: text("kind", { enum: ITEM_KINDS }).notNull(),
    promisedDays: smallint("promised_days"),
    feeCents: integer("fee_cents").notNull().default(0),
    channels: text("channels").array().notNull(),
    isBookable: boolean("is_bookable").notNull().default(true),
    summary: text("summary").notNull(),
    conditions: text("conditions").notNull(),
    materials: jsonb("materials").$type<Material[]>().notNull(),
    // Search keys computed when the catalogue is loaded: "ylbx" finds 医疗保险.
    pinyinInitials: text("pinyin_initials").notNull(),
    pinyinFull: text("pinyin_full").notNull(),
    sortOrder: integer("sort_order").notNull().default(0),
    // Deactivated, never deleted: cases, bookings and reports keep pointing at the row.
    isActive: boolean("is_active").notNull().default(true),
    // The names villagers say (俗称), searched like the name and by their pinyin: an item called 新农合 by
    // villagers is found by 新农合 and by xnh.
    aliases: text("aliases")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    steps: text("steps").notNull().default(""),
    delivery: text("delivery").notNull().default(""),
    legalBasis: text("legal_basis").notNull().default(""),
    // Bumped by every admin edit: an edit made on an older version is refused (two admins, one item).
    version: integer("version").notNull().default(1),
  },
  (t) => [
    uniqueIndex("service_items_hall_code_uq").on(t.hallId, t.code),
    uniqueIndex("service_items_hall_name_uq").on(t.hallId, t.name),
    index("service_items_department_idx").on(t.hallId, t.departmentId),
    check("service_items_kind_ck", inList("kind", ITEM_KINDS)),
    check(
      "service_items_promised_days_ck",
      sql`(${t.kind} = 'instant' and ${t.promisedDays} is null) or (${t.kind} = 'promised' and ${t.promisedDays} between 1 and 60)`,
    ),
    check("service_items_fee_ck", sql`${t.feeCents} >= 0`),
    check(
      "service_items_channels_ck",
      sql`cardinality(${t.channels}) > 0 and ${t.channels} <@ array['window','weekend','village']::text[]`,
    ),
    check("service_items_version_ck", sql`${t.version} > 0`),
  ],
);

export const villages = pgTable(
  "villages",
  {
    id: id(),
    hallId: hallId(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    // Whom the hall calls to arrange a visit day (the village committee).
    contactName: text("contact_name"),
    contactPhone: text("contact_phone"),
  },
  (t) => [
    uniqueIndex("villages_hall_code_uq").on(t.hallId, t.code),
    uniqueIndex("villages_hall_name_uq").on(t.hallId, t.name),
  ],
);

export const windows = pgTable(
  "windows",
  {
    id: id(),
    hallId: hallId(),
    number: smallint("number").notNull(),
    name: text("name").notNull(),
    isActive: boolean("is_active").notNull().default(true),
    // Closed for this one day (a clerk on leave): it calls nobody and the kiosk is told at once.
    closedOn: date("closed_on"),
  },
  (t) => [
    uniqueIndex("windows_hall_number_uq").on(t.hallId, t.number),
    check("windows_number_ck", sql`${t.number} between 1 and 99`),
  ],
);

export const windowQueues = pgTable(
  "window_queues",
  {
    windowId: integer("window_id")
      .notNull()
      .references(() => windows.id, { onDelete: "cascade" }),
    queueId: integer("queue_id")
      .notNull()
      .references(() => queues.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.windowId, t.queueId] })],
);

// Opening rules are data. Weekday 1 = Monday … 7 = Sunday (ISO).
export const openingHours = pgTable(
  "opening_hours",
  {
    id: id(),
    hallId: hallId(),
    weekday: smallint("weekday").notNull(),
    morningStart: time("morning_start").notNull(),
    morningEnd: time("morning_end").notNull(),
    afternoonStart: time("afternoon_start").notNull(),
    afternoonEnd: time("afternoon_end").notNull(),
  },
  (t) => [
    uniqueIndex("opening_hours_hall_weekday_uq").on(t.hallId, t.weekday),
    check("opening_hours_weekday_ck", sql`${t.weekday} between 1 and 7`),
    check(
      "opening_hours_order_ck",
      sql`${t.morningStart} < ${t.morningEnd} and ${t.morningEnd} <= ${t.afternoonStart} and ${t.afternoonStart} < ${t.afternoonEnd}`,
    ),
  ],
);

// Weekend service posts (周末服务岗), staffed by roster.
export const weekendRoster = pgTable(
  "weekend_roster",
  {
    id: id(),
    hallId: hallId(),
    date: date("date").notNull(),
    location: text("location").notNull(),
    startTime: time("start_time").notNull(),
    endTime: time("end_time").notNull(),
    staffUserId: integer("staff_user_id").references(() => staffUsers.id),
    note: text("note"),
    // Cancelled by an admin (the rule changed or the post was called off): kept with its bookings.
    isCancelled: boolean("is_cancelled").notNull().default(false),
  },
  (t) => [
    uniqueIndex("weekend_roster_hall_date_uq").on(t.hallId, t.date),
    check("weekend_roster_weekend_ck", sql`extract(isodow from ${t.date}) in (6, 7)`),
    check("weekend_roster_order_ck", sql`${t.startTime} < ${t.endTime}`),
  ],
);

// The weekend roster pattern (the rule behind weekend_roster): a post on this ISO weekday (6 =
// Saturday, 7 = Sunday), at these hours, on every such day that is neither a public holiday nor a
// make-up working day (调休, when the hall itself is open). Which items are offered is each item's
// `channels` ('weekend'). lib/booking/extend-calendar.ts turns it into dated weekend_roster rows.
export const weekendPostRules = pgTable(
  "weekend_post_rules",
  {
    id: id(),
    hallId: hallId(),
    weekday: smallint("weekday").notNull(),
    location: text("location").notNull(),
    startTime: time("start_time").notNull(),
    endTime: time("end_time").notNull(),
    staffUserId: integer("staff_user_id").references(() => staffUsers.id),
  },
  (t) => [
    uniqueIndex("weekend_post_rules_hall_weekday_uq").on(t.hallId, t.weekday),
    check("weekend_post_rules_weekday_ck", sql`${t.weekday} in (6, 7)`),
    check("weekend_post_rules_order_ck", sql`${t.startTime} < ${t.endTime}`),
  ],
);

// The village day rule (周二主题下村日): on every working `weekday` from `starts_on`, the next
// village of village_rotation (in `position` order) with the next theme of village_day_themes.
// Each working such day is one step of both rotations; holidays are skipped.
export const villageDayRules = pgTable(
  "village_day_rules",
  {
    id: id(),
    hallId: hallId(),
    weekday: smallint("weekday").notNull().default(2),
    startTime: time("start_time").notNull(),
    endTime: time("end_time").notNull(),
    startsOn: date("starts_on").notNull(),
    staffUserId: integer("staff_user_id").references(() => staffUsers.id),
  },
  (t) => [
    uniqueIndex("village_day_rules_hall_uq").on(t.hallId),
    check("village_day_rules_weekday_ck", sql`${t.weekday} between 1 and 5`),
    check("village_day_rules_order_ck", sql`${t.startTime} < ${t.endTime}`),
  ],
);

export const villageRotation = pgTable(
  "village_rotation",
  {
    id: id(),
    hallId: hallId(),
    position: smallint("position").notNull(),
    villageId: integer("village_id")
      .notNull()
      .references(() => villages.id),
    location: text("location").notNull(),
  },
  (t) => [
    uniqueIndex("village_rotation_hall_position_uq").on(t.hallId, t.position),
    uniqueIndex("village_rotation_hall_village_uq").on(t.hallId, t.villageId),
  ],
);

export const villageDayThemes = pgTable(
  "village_day_themes",
  {
    id: id(),
    hallId: hallId(),
    position: smallint("position").notNull(),
    theme: text("theme").notNull(),
    categories: text("categories").array().notNull(),
  },
  (t) => [
    uniqueIndex("village_day_themes_hall_position_uq").on(t.hallId, t.position),
    check("village_day_themes_categories_ck", sql`cardinality(${t.categories}) > 0`),
  ],
);

// Tuesday village visits (周二主题下村日): a village, a theme, the categories offered that day.
// `from_rotation`: made from village_day_rules; one such visit per hall and day, so that two
// instances (or a rerun) never make a second.
export const villageVisits = pgTable(
  "village_visits",
  {
    id: id(),
    hallId: hallId(),
    date: date("date").notNull(),
    villageId: integer("village_id")
      .notNull()
      .references(() => villages.id),
    theme: text("theme").notNull(),
    categories: text("categories").array().notNull(),
    location: text("location").notNull(),
    startTime: time("start_time").notNull(),
    endTime: time("end_time").notNull(),
    fromRotation: boolean("from_rotation").notNull().default(false),
    // Called off by an admin (the rotation changed): kept with its bookings, never offered again.
    isCancelled: boolean("is_cancelled").notNull().default(false),
    staffUserId: integer("staff_user_id").references(() => staffUsers.id),
  },
  (t) => [
    uniqueIndex("village_visits_hall_date_village_uq").on(t.hallId, t.date, t.villageId),
    uniqueIndex("village_visits_rotation_uq")
      .on(t.hallId, t.date)
      .where(sql`${t.fromRotation}`),
    check("village_visits_order_ck", sql`${t.startTime} < ${t.endTime}`),
  ],
);

// Admin overrides of the State Council calendar: close a working day, or open a closed one.
export const calendarOverrides = pgTable(
  "calendar_overrides",
  {
    id: id(),
    hallId: hallId(),
    date: date("date").notNull(),
    isOpen: boolean("is_open").notNull(),
    reason: text("reason").notNull(),
  },
  (t) => [uniqueIndex("calendar_overrides_hall_date_uq").on(t.hallId, t.date)],
);

// A bookable session (服务场次): a window day at the hall, a weekend post or a village visit.
export const serviceSessions = pgTable(
  "service_sessions",
  {
    id: id(),
    hallId: hallId(),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    date: date("date").notNull(),
    villageVisitId: integer("village_visit_id").references(() => villageVisits.id),
    weekendRosterId: integer("weekend_roster_id").references(() => weekendRoster.id),
    location: text("location").notNull(),
    isCancelled: boolean("is_cancelled").notNull().default(false),
  },
  (t) => [
    // NULLS NOT DISTINCT: a hall has one window session per day (village_visit_id is null there).
    unique("service_sessions_uq").on(t.hallId, t.channel, t.date, t.villageVisitId).nullsNotDistinct(),
    check("service_sessions_channel_ck", inList("channel", CHANNELS)),
    check(
      "service_sessions_kind_ck",
      sql`(${t.channel} = 'village') = (${t.villageVisitId} is not null) and (${t.channel} = 'weekend') = (${t.weekendRosterId} is not null)`,
    ),
  ],
);

// Invariant 1: a slot never holds more bookings than its online capacity. The CHECK is the last
// line of defence; bookings take a seat with a conditional UPDATE … WHERE booked < online_capacity.
export const slots = pgTable(
  "slots",
  {
    id: id(),
    hallId: hallId(),
    sessionId: integer("session_id")
      .notNull()
      .references(() => serviceSessions.id),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    capacity: smallint("capacity").notNull(),
    onlineCapacity: smallint("online_capacity").notNull(),
    booked: smallint("booked").notNull().default(0),
    // Outside the hours after an admin shortened them: never offered again (until the hours return).
    isWithdrawn: boolean("is_withdrawn").notNull().default(false),
  },
  (t) => [
    uniqueIndex("slots_session_start_uq").on(t.sessionId, t.startsAt),
    index("slots_hall_start_idx").on(t.hallId, t.startsAt),
    check("slots_time_ck", sql`${t.startsAt} < ${t.endsAt}`),
    check("slots_capacity_ck", sql`${t.onlineCapacity} >= 0 and ${t.onlineCapacity} <= ${t.capacity}`),
    check("slots_booked_ck", sql`${t.booked} >= 0 and ${t.booked} <= ${t.onlineCapacity}`),
  ],
);

// Personal data (invariant 6): phone and ID number only as AES-256-GCM ciphertext plus a keyed
// hash (HMAC-SHA-256) for look-up; the last digits are kept for masked display.
export const bookings = pgTable(
  "bookings",
  {
    id: id(),
    hallId: hallId(),
    code: text("code").notNull(),
    serviceItemId: integer("service_item_id")
      .notNull()
      .references(() => serviceItems.id),
    slotId: integer("slot_id")
      .notNull()
      .references(() => slots.id),
    applicantName: text("applicant_name").notNull(),
    phoneEnc: text("phone_enc").notNull(),
    phoneHash: text("phone_hash").notNull(),
    phoneMasked: text("phone_masked").notNull(),
    idNumberEnc: text("id_number_enc"),
    idNumberHash: text("id_number_hash"),
    idNumberMasked: text("id_number_masked"),
    // Booked for someone else (代办): the name of the person who booked and will come with the
    // applicant's ID card and a letter of authority (授权委托书); the phone is theirs. Null: 本人.
    agentName: text("agent_name"),
    // Who the booking is for, for the per-applicant quotas (lib/booking/booking-checks.ts
    // applicantKey, which computes the same value): the ID number's keyed hash when given, else
    // the phone's keyed hash and the name (本人 without an ID number).
    applicantKey: text("applicant_key").generatedAlwaysAs(APPLICANT_KEY_SQL).notNull(),
    status: text("status", { enum: BOOKING_STATUSES }).notNull().default("confirmed"),
    idempotencyKey: text("idempotency_key"),
    requestHash: text("request_hash"),
    createdAt: createdAt(),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    // Why the hall cancelled it (a closed day); null when the villager cancelled.
    cancelReason: text("cancel_reason"),
    checkedInAt: timestamp("checked_in_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("bookings_code_uq").on(t.code),
    uniqueIndex("bookings_idempotency_uq").on(t.hallId, t.idempotencyKey),
    index("bookings_slot_idx").on(t.slotId),
    index("bookings_phone_idx").on(t.phoneHash, t.status),
    index("bookings_applicant_idx").on(t.applicantKey, t.status),
    check("bookings_status_ck", inList("status", BOOKING_STATUSES)),
    // The hall checks the applicant's ID at the window of a 代办 booking: it must be on the booking.
    check("bookings_agent_needs_id_ck", sql`${t.agentName} is null or ${t.idNumberHash} is not null`),
    // The request fingerprint exists only to answer a retried Idempotency-Key (see createBooking).
    check("bookings_request_hash_needs_key_ck", sql`${t.requestHash} is null or ${t.idempotencyKey} is not null`),
  ],
);

export const staffUsers = pgTable(
  "staff_users",
  {
    id: id(),
    hallId: hallId(),
    username: text("username").notNull(),
    displayName: text("display_name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: STAFF_ROLES }).notNull(),
    departmentId: integer("department_id").references(() => departments.id),
    windowId: integer("window_id").references(() => windows.id),
    isActive: boolean("is_active").notNull().default(true),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
    // Carried in the session token and compared on every request: raising it signs out every
    // session of the account at once (an admin revoking a device's long-lived session).
    sessionVersion: integer("session_version").notNull().default(0),
    // The first admin of a real install starts with a one-time password: until it is changed,
    // every staff page and API refuses the account (assertRole) except the change-password page.
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    // Where a device stands (大厅入口, 3号窗口旁): how an admin tells two kiosks apart.
    location: text("location"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("staff_users_username_uq").on(t.username),
    check("staff_users_role_ck", inList("role", STAFF_ROLES)),
    check("staff_users_backoffice_ck", sql`${t.role} <> 'backoffice' or ${t.departmentId} is not null`),
    check("staff_users_username_ck", sql`${t.username} ~ '^[a-z0-9_.-]{2,32}$'`),
  ],
);

// The hall's live queue. Numbers restart every day per queue: (queue, service_date, seq) is unique.
export const tickets = pgTable(
  "tickets",
  {
    id: id(),
    hallId: hallId(),
    // The queue the ticket waits in now: a transfer to another queue changes it.
    queueId: integer("queue_id")
      .notNull()
      .references(() => queues.id),
    // The queue that issued the number (its prefix and seq); it never changes, so a number stays
    // unique per issuing queue and day however often the ticket is transferred.
    issuedQueueId: integer("issued_queue_id")
      .notNull()
      .references(() => queues.id),
    serviceDate: date("service_date").notNull(),
    seq: smallint("seq").notNull(),
    number: text("number").notNull(),
    source: text("source", { enum: TICKET_SOURCES }).notNull(),
    bookingId: integer("booking_id").references(() => bookings.id),
    serviceItemId: integer("service_item_id").references(() => serviceItems.id),
    priority: smallint("priority").notNull().default(0),
    isGreenChannel: boolean("is_green_channel").notNull().default(false),
    status: text("status", { enum: TICKET_STATUSES }).notNull().default("waiting"),
    windowId: integer("window_id").references(() => windows.id),
    // Transferred to one window: only that window may call it.
    targetWindowId: integer("target_window_id").references(() => windows.id),
    recallCount: smallint("recall_count").notNull().default(0),
    note: text("note"),
    createdAt: createdAt(),
    calledAt: timestamp("called_at", { withTimezone: true }),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("tickets_issued_queue_day_seq_uq").on(t.issuedQueueId, t.serviceDate, t.seq),
    // One window, one ticket: at most one called or serving ticket per window and day, whatever
    // path calls it (the calling paths also lock the window row, so a race answers 409, not this).
    uniqueIndex("tickets_window_active_uq")
      .on(t.windowId, t.serviceDate)
      .where(sql`${t.status} in ('called','serving')`),
    uniqueIndex("tickets_booking_uq").on(t.bookingId),
    index("tickets_waiting_idx").on(t.hallId, t.serviceDate, t.status),
    index("tickets_queue_order_idx").on(t.queueId, t.serviceDate, t.status, t.priority, t.seq),
    // The reports' waiting times (tickets called in a range) and heat map (tickets issued in a range).
    index("tickets_called_idx")
      .on(t.hallId, t.calledAt, t.queueId, t.windowId, t.createdAt, t.startedAt, t.finishedAt)
      .where(sql`${t.calledAt} is not null`),
    index("tickets_issued_idx").on(t.hallId, t.createdAt),
    check("tickets_status_ck", inList("status", TICKET_STATUSES)),
    check("tickets_source_ck", inList("source", TICKET_SOURCES)),
    check("tickets_booking_ck", sql`(${t.source} = 'booking') = (${t.bookingId} is not null)`),
    check("tickets_called_ck", sql`${t.status} not in ('called','serving') or ${t.windowId} is not null`),
  ],
);

export const cases = pgTable(
  "cases",
  {
    id: id(),
    hallId: hallId(),
    caseNo: text("case_no").notNull(),
    serviceItemId: integer("service_item_id")
      .notNull()
      .references(() => serviceItems.id),
    departmentId: integer("department_id")
      .notNull()
      .references(() => departments.id),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    source: text("source", { enum: CASE_SOURCES }).notNull().default("walk_in"),
    villageId: integer("village_id").references(() => villages.id),
    ticketId: integer("ticket_id").references(() => tickets.id),
    bookingId: integer("booking_id").references(() => bookings.id),
    applicantName: text("applicant_name").notNull(),
    phoneEnc: text("phone_enc").notNull(),
    phoneHash: text("phone_hash").notNull(),
    phoneMasked: text("phone_masked").notNull(),
    idNumberEnc: text("id_number_enc"),
    idNumberHash: text("id_number_hash"),
    idNumberMasked: text("id_number_masked"),
    status: text("status", { enum: CASE_STATUSES }).notNull().default("accepted"),
    // The item's list of materials on intake day: a later catalogue change does not rewrite a case.
    materialsList: jsonb("materials_list").$type<Material[]>().notNull().default([]),
    materialsReceived: jsonb("materials_received").$type<string[]>().notNull().default([]),
    materialsMissing: jsonb("materials_missing").$type<string[]>().notNull().default([]),
    notAcceptedReason: text("not_accepted_reason"),
    // The one-time notice of missing materials (补正告知): issued at most once per case.
    supplementMissing: jsonb("supplement_missing").$type<string[]>(),
    supplementNote: text("supplement_note"),
    supplementIssuedAt: timestamp("supplement_issued_at", { withTimezone: true }),
    supplementReceivedAt: timestamp("supplement_received_at", { withTimezone: true }),
    // The status the case paused from, to return to when the materials come in.
    pausedFromStatus: text("paused_from_status", { enum: CASE_STATUSES }),
    pausedWorkingDays: smallint("paused_working_days").notNull().default(0),
    opinion: text("opinion"),
    deliveryMethod: text("delivery_method", { enum: DELIVERY_METHODS }),
    trackingNo: text("tracking_no"),
    // Keyed hash of the per-case rating link's secret; the secret itself is never stored.
    ratingTokenHash: text("rating_token_hash"),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }).notNull(),
    // Promised deadline in working days; a 补正 (needs_supplement) pause moves it by the paused days.
    dueDate: date("due_date"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    readyAt: timestamp("ready_at", { withTimezone: true }),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    clerkId: integer("clerk_id").references(() => staffUsers.id),
    handlerId: integer("handler_id").references(() => staffUsers.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("cases_case_no_uq").on(t.caseNo),
    // The reports read a hall's range of cases from this index alone (an index-only scan, no heap):
    // every column the case figures group or count by is in the key (docs/decisions/005).
    index("cases_report_idx").on(
      t.hallId,
      t.acceptedAt,
      t.status,
      t.channel,
      t.serviceItemId,
      t.departmentId,
      t.villageId,
      t.deliveryMethod,
      t.supplementIssuedAt,
      t.deliveredAt,
    ),
    index("cases_decided_idx")
      .on(t.hallId, t.decidedAt, t.dueDate)
      .where(sql`${t.dueDate} is not null`),
    index("cases_overdue_idx")
      .on(t.hallId, t.dueDate)
      .where(sql`${t.status} in ('accepted','processing') and ${t.dueDate} is not null`),
    index("cases_department_status_idx").on(t.departmentId, t.status),
    index("cases_phone_idx").on(t.phoneHash),
    index("cases_id_number_idx").on(t.hallId, t.idNumberHash),
    index("cases_ticket_idx").on(t.ticketId),
    check("cases_status_ck", inList("status", CASE_STATUSES)),
    check("cases_channel_ck", inList("channel", CHANNELS)),
    check("cases_source_ck", inList("source", CASE_SOURCES)),
    check("cases_not_accepted_ck", sql`${t.status} <> 'not_accepted' or ${t.notAcceptedReason} is not null`),
    check(
      "cases_supplement_ck",
      sql`${t.status} <> 'needs_supplement' or (${t.supplementIssuedAt} is not null and ${t.pausedFromStatus} is not null)`,
    ),
    check("cases_paused_days_ck", sql`${t.pausedWorkingDays} >= 0`),
    check(
      "cases_delivery_ck",
      sql`${t.deliveryMethod} is null or ${t.deliveryMethod} = 'window' or ${t.trackingNo} is not null`,
    ),
  ],
);

// The last case number of a hall and year. Taken with an upsert in the intake's transaction: the
// row stays locked until commit, so numbers are gapless (a rolled-back intake rolls back its number).
export const caseCounters = pgTable(
  "case_counters",
  {
    hallId: hallId(),
    year: smallint("year").notNull(),
    last: integer("last").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.hallId, t.year] }),
    check("case_counters_last_ck", sql`${t.last} between 1 and 999999`),
  ],
);

// The report's monthly rollup of cases, kept in step by statement-level triggers on `cases` in the
// same transaction as every change (migration 0016, docs/decisions/005). Written only by the triggers.
export const caseMonthCounts = pgTable(
  "case_month_counts",
  {
    hallId: hallId(),
    // The first day of the Asia/Shanghai month the case was taken in.
    month: date("month").notNull(),
    serviceItemId: integer("service_item_id").notNull(),
    departmentId: integer("department_id").notNull(),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    villageId: integer("village_id"),
    cases: integer("cases").notNull(),
    notAccepted: integer("not_accepted").notNull(),
    finished: integer("finished").notNull(),
    oneVisitPost: integer("one_visit_post").notNull(),
    oneVisitSameDay: integer("one_visit_same_day").notNull(),
  },
  (t) => [
    unique("case_month_counts_key")
      .on(t.hallId, t.month, t.serviceItemId, t.departmentId, t.channel, t.villageId)
      .nullsNotDistinct(),
  ],
);

// 承诺件 decided per hall and month (Asia/Shanghai), and how many by their due date (migration 0016).
export const caseDecidedCounts = pgTable(
  "case_decided_counts",
  {
    hallId: hallId(),
    month: date("month").notNull(),
    promised: integer("promised").notNull(),
    onTime: integer("on_time").notNull(),
  },
  (t) => [primaryKey({ name: "case_decided_counts_pk", columns: [t.hallId, t.month] })],
);

// Append-only, like the audit log: a trigger in the migrations rejects UPDATE and DELETE.
export const caseEvents = pgTable(
  "case_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    hallId: hallId(),
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorId: integer("actor_id").references(() => staffUsers.id),
    kind: text("kind").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status"),
    note: text("note"),
  },
  (t) => [index("case_events_case_idx").on(t.caseId, t.at)],
);

// 好差评: five levels, 5 = 非常满意 … 1 = 非常不满意. Levels 1 and 2 need a reason and open a
// follow-up due in 15 working days (差评整改); the manager closes it with the callback and the change.
// One rating per case and stage; a rating pad's visit rating (no case) is one per ticket.
export const evaluations = pgTable(
  "evaluations",
  {
    id: id(),
    hallId: hallId(),
    caseId: integer("case_id").references(() => cases.id),
    ticketId: integer("ticket_id").references(() => tickets.id),
    stage: text("stage", { enum: EVALUATION_STAGES }).notNull().default("service"),
    level: smallint("level").notNull(),
    reasons: text("reasons")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    comment: text("comment"),
    createdAt: createdAt(),
    followUpDueDate: date("follow_up_due_date"),
    callbackAt: timestamp("callback_at", { withTimezone: true }),
    callbackBy: integer("callback_by").references(() => staffUsers.id),
    callbackNote: text("callback_note"),
    change: text("change"),
  },
  (t) => [
    uniqueIndex("evaluations_case_stage_uq")
      .on(t.caseId, t.stage)
      .where(sql`${t.caseId} is not null`),
    uniqueIndex("evaluations_pad_ticket_uq")
      .on(t.ticketId)
      .where(sql`${t.caseId} is null`),
    index("evaluations_report_idx").on(t.hallId, t.createdAt, t.level, t.callbackAt, t.followUpDueDate),
    index("evaluations_follow_up_idx")
      .on(t.hallId, t.followUpDueDate)
      .where(sql`${t.followUpDueDate} is not null`),
    check("evaluations_level_ck", sql`${t.level} between 1 and 5`),
    check("evaluations_stage_ck", inList("stage", EVALUATION_STAGES)),
    check("evaluations_subject_ck", sql`${t.caseId} is not null or ${t.ticketId} is not null`),
    check("evaluations_follow_up_ck", sql`(${t.level} <= 2) = (${t.followUpDueDate} is not null)`),
  ],
);

// Append-only: a trigger in the migrations rejects UPDATE and DELETE.
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    hallId: integer("hall_id").references(() => halls.id),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorId: integer("actor_id").references(() => staffUsers.id),
    actorName: text("actor_name").notNull(),
    action: text("action").notNull(),
    objectType: text("object_type").notNull(),
    objectId: text("object_id"),
    result: text("result").notNull(),
    detail: jsonb("detail").$type<Record<string, unknown>>(),
    // The client's address of the request that wrote the line, where there was a request.
    clientAddress: text("client_address"),
  },
  (t) => [
    index("audit_log_hall_at_idx").on(t.hallId, t.at),
    index("audit_log_hall_actor_at_idx").on(t.hallId, t.actorName, t.at),
    check("audit_log_result_ck", sql`${t.result} in ('ok','denied','failed')`),
  ],
);

// skipped: a freed seat came while the entry failed a booking rule (left_reason says which).
export const WAITLIST_STATUSES = ["waiting", "booked", "skipped", "cancelled", "expired"] as const;

// A villager waiting for a seat in a full slot (none of the peers has one). When a seat frees,
// the first in line is booked into it in the same transaction and told by SMS.
export const waitlistEntries = pgTable(
  "waitlist_entries",
  {
    id: id(),
    hallId: hallId(),
    slotId: integer("slot_id")
      .notNull()
      .references(() => slots.id),
    serviceItemId: integer("service_item_id")
      .notNull()
      .references(() => serviceItems.id),
    applicantName: text("applicant_name").notNull(),
    phoneEnc: text("phone_enc").notNull(),
    phoneHash: text("phone_hash").notNull(),
    phoneMasked: text("phone_masked").notNull(),
    idNumberEnc: text("id_number_enc"),
    idNumberHash: text("id_number_hash"),
    idNumberMasked: text("id_number_masked"),
    agentName: text("agent_name"),
    applicantKey: text("applicant_key").generatedAlwaysAs(APPLICANT_KEY_SQL).notNull(),
    status: text("status", { enum: WAITLIST_STATUSES }).notNull().default("waiting"),
    bookingId: integer("booking_id").references(() => bookings.id),
    // Why the entry left the line without a seat: the rule it failed (skipped), the closed day (cancelled).
    leftReason: text("left_reason"),
    createdAt: createdAt(),
  },
  (t) => [
    index("waitlist_slot_idx").on(t.slotId, t.status, t.id),
    // One place per person in a slot's line; a family's phone may hold one for each of them.
    uniqueIndex("waitlist_one_per_applicant_uq")
      .on(t.slotId, t.applicantKey)
      .where(sql`${t.status} = 'waiting'`),
    check("waitlist_status_ck", inList("status", WAITLIST_STATUSES)),
    check("waitlist_agent_needs_id_ck", sql`${t.agentName} is null or ${t.idNumberHash} is not null`),
  ],
);

export const SMS_KINDS = [
  "confirmation",
  "reminder",
  "cancellation",
  "rescheduled",
  "waitlist_joined",
  "waitlist_seat",
  "case_ready",
  "verification_code",
] as const;
export type SmsKind = (typeof SMS_KINDS)[number];

// Outbox of SMS messages, written in the same transaction as the change they announce and sent
// afterwards by a pluggable sender; a reminder is written once per booking.
export const smsOutbox = pgTable(
  "sms_outbox",
  {
    id: id(),
    hallId: hallId(),
    kind: text("kind", { enum: SMS_KINDS }).notNull(),
    bookingId: integer("booking_id").references(() => bookings.id),
    phoneEnc: text("phone_enc").notNull(),
    phoneMasked: text("phone_masked").notNull(),
    body: text("body").notNull(),
    status: text("status", { enum: ["pending", "sent", "failed"] })
      .notNull()
      .default("pending"),
    attempts: smallint("attempts").notNull().default(0),
    lastError: text("last_error"),
    // Set when a sender takes the message; a claim older than the lease is a killed sender's.
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    createdAt: createdAt(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    index("sms_outbox_pending_idx").on(t.status, t.id),
    uniqueIndex("sms_outbox_reminder_uq")
      .on(t.bookingId)
      .where(sql`${t.kind} = 'reminder'`),
    check("sms_outbox_kind_ck", inList("kind", SMS_KINDS)),
  ],
);

// Sign-in attempts per name, known or unknown alike (an unknown name must answer as a known one).
// Each attempt is reserved here, in one statement, before its password is compared: `failures`
// counts attempts not yet followed by a success, and from LOGIN_MAX_FAILURES on every reservation
// sets a wait that doubles each time (capped at LOGIN_LOCK_MINUTES). While `blocked_until` is in
// the future no attempt is reserved, so no password is compared. A success or an admin's unlock
// deletes the row; the background job removes rows idle for a day.
export const loginThrottles = pgTable("login_throttles", {
  username: text("username").primaryKey(),
  failures: integer("failures").notNull().default(0),
  blockedUntil: timestamp("blocked_until", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

// One row per sign-in: the session token carries its id, and getActor refuses a token whose row is
// ended (an admin ended it, the account was deactivated, it signed out) or expired. A staff
// session's expiry moves with its use (SESSION_IDLE_MINUTES); a device's is DEVICE_SESSION_DAYS.
export const staffSessions = pgTable(
  "staff_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    hallId: integer("hall_id")
      .notNull()
      .references(() => halls.id),
    staffId: integer("staff_id")
      .notNull()
      .references(() => staffUsers.id),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    address: text("address"),
    userAgent: text("user_agent"),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    endReason: text("end_reason"),
  },
  (t) => [
    index("staff_sessions_open_idx")
      .on(t.hallId, t.staffId)
      .where(sql`${t.endedAt} is null`),
  ],
);

// Fixed-window counters for rate limits, shared by every app instance through the database.
// One-time SMS codes (短信验证码) that prove a public booking's phone. Only a keyed hash of the code
// is kept; a code expires, allows a few wrong tries and is used once (a conditional UPDATE).
export const phoneCodes = pgTable(
  "phone_codes",
  {
    id: id(),
    phoneHash: text("phone_hash").notNull(),
    codeHash: text("code_hash").notNull(),
    wrongTries: smallint("wrong_tries").notNull().default(0),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("phone_codes_phone_idx").on(t.phoneHash, t.id),
    check("phone_codes_tries_ck", sql`${t.wrongTries} >= 0`),
  ],
);

export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    count: integer("count").notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);

// Every change of the live queue, in order. The id is the Server-Sent Events id (a TV resumes
// from it); the insert goes with a pg_notify in the same transaction, so that every app instance
// pushes the new state to its screens once the change is committed.
export const queueEvents = pgTable(
  "queue_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    hallId: hallId(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    kind: text("kind").notNull(),
    ticketId: integer("ticket_id").references(() => tickets.id),
    actorId: integer("actor_id").references(() => staffUsers.id),
    ticketNumber: text("ticket_number"),
    windowNumber: smallint("window_number"),
    note: text("note"),
  },
  (t) => [index("queue_events_hall_id_idx").on(t.hallId, t.id)],
);

export const VILLAGE_RECORD_KINDS = ["check_in", "case", "rating"] as const;
export type VillageRecordKind = (typeof VILLAGE_RECORD_KINDS)[number];

// One row per record a village-day device made offline and the server has applied (issue #15):
// the device's own UUID is the idempotency key, so a sync whose answer was lost and is sent again
// gets the first answer back and creates nothing twice. Written in the same transaction as the
// record's effect (the case, the check-in, the rating): there is no row without the effect and no
// effect without the row. A refused record leaves nothing here; it stays on the device.
export const villageRecords = pgTable(
  "village_records",
  {
    hallId: hallId(),
    clientId: uuid("client_id").notNull(),
    kind: text("kind", { enum: VILLAGE_RECORD_KINDS }).notNull(),
    villageVisitId: integer("village_visit_id")
      .notNull()
      .references(() => villageVisits.id),
    // The keyed fingerprint of the record's content (lib/crypto requestFingerprint): the same id
    // with other content is refused, as a booking's Idempotency-Key is.
    requestHash: text("request_hash").notNull(),
    caseId: integer("case_id").references(() => cases.id),
    bookingId: integer("booking_id").references(() => bookings.id),
    evaluationId: integer("evaluation_id").references(() => evaluations.id),
    madeAt: timestamp("made_at", { withTimezone: true }).notNull(),
    syncedBy: integer("synced_by")
      .notNull()
      .references(() => staffUsers.id),
    syncedAt: timestamp("synced_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.hallId, t.clientId] }),
    check("village_records_kind_ck", inList("kind", VILLAGE_RECORD_KINDS)),
    check(
      "village_records_effect_ck",
      sql`(${t.kind} = 'case') = (${t.caseId} is not null) and (${t.kind} = 'check_in') = (${t.bookingId} is not null) and (${t.kind} = 'rating') = (${t.evaluationId} is not null)`,
    ),
  ],
);
