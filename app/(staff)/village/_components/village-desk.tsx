"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Button } from "@/components/button";
import { Field, PHONE_INPUT } from "@/components/field";
import { FormAlert } from "@/components/form-alert";
import type { VillageDay } from "@/lib/village/get-village-day";
import type { VillageVisitSummary } from "@/lib/village/list-village-visits";
import { PIN_RULE, VillageDevice, WrongPinError, type DeviceRecord } from "../_lib/device-store";

// 周二主题下村日 on a tablet (issue #15): take a visit along while online, then check in bookings,
// keep a walk-in order, take in cases and record ratings with no network; everything made here is
// sealed on the device and goes up in order, once, when the server can be reached.

interface CaseContent {
  kind: "case";
  visitId: number;
  madeAt: string;
  bookingCode?: string;
  service: string;
  name: string;
  phone: string;
  idNumber?: string;
  materials: { received: string[]; missing: string[] };
}
interface CheckInContent {
  kind: "check_in";
  visitId: number;
  madeAt: string;
  bookingCode: string;
}
interface RatingContent {
  kind: "rating";
  visitId: number;
  madeAt: string;
  caseRecordId: string;
  level: number;
  reasons: string[];
  comment?: string;
}
type Content = CaseContent | CheckInContent | RatingContent;
type Rec = DeviceRecord<Content>;

interface WalkIn {
  number: string;
  name: string;
  isDone: boolean;
}

type Phase = "loading" | "choose" | "locked" | "ready" | "unsupported";

const KIND_LABEL: Record<Content["kind"], string> = { check_in: "签到", case: "受理", rating: "评价" };
const LEVELS = [
  { level: 5, label: "非常满意" },
  { level: 4, label: "满意" },
  { level: 3, label: "基本满意" },
  { level: 2, label: "不满意" },
  { level: 1, label: "非常不满意" },
];
const PING_MS = 5000;

// The intake schema (zod) is most of this page's script: it is loaded once the page is up and
// before the day is taken along, so the first paint does not wait for it and the service worker
// keeps its chunk with the page's other files.
type IntakeSchema = typeof import("@/lib/cases/intake-schema");
let intakeSchema: IntakeSchema | null = null;
function loadIntakeSchema(): Promise<IntakeSchema> {
  return import("@/lib/cases/intake-schema").then((m) => (intakeSchema = m));
}
const SCHEMA_LOADING = "表单规则正在加载，请稍候再提交";

async function isServerReachable(): Promise<boolean> {
  try {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 3000);
    const response = await fetch("/api/health", { cache: "no-store", signal: controller.signal });
    clearTimeout(timer);
    return response.ok;
  } catch {
    return false;
  }
}

/** The problem JSON's message and field messages, as one Chinese line. */
async function refusalReason(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { message?: string; fields?: Record<string, string> };
    const fields = Object.values(body.fields ?? {}).filter((m) => m && m !== body.message);
    return [body.message ?? "服务器拒收", ...fields].join("；");
  } catch {
    return `服务器拒收（${response.status}）`;
  }
}

/** The page's own scripts and styles, for the service worker to keep. */
function pageFiles(): string[] {
  const urls = new Set<string>();
  for (const entry of performance.getEntriesByType("resource")) urls.add(entry.name);
  document.querySelectorAll<HTMLScriptElement>("script[src]").forEach((s) => urls.add(s.src));
  document.querySelectorAll<HTMLLinkElement>("link[href]").forEach((l) => urls.add(l.href));
  return [...urls].filter((u) => u.startsWith(`${location.origin}/_next/static/`));
}

async function keepPageOffline(): Promise<boolean> {
  if (!("serviceWorker" in navigator)) return false;
  const registration = await navigator.serviceWorker.ready;
  const worker = registration.active;
  if (!worker) return false;
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(!!(event.data as { ok?: boolean }).ok);
    worker.postMessage({ type: "keep", urls: pageFiles() }, [channel.port2]);
    setTimeout(() => resolve(false), 20_000);
  });
}

export function VillageDesk({ clerkName }: { clerkName: string }) {
  const deviceRef = useRef<VillageDevice | null>(null);
  const keyRef = useRef<CryptoKey | null>(null);
  const syncingRef = useRef(false);
  const [phase, setPhase] = useState<Phase>("loading");
  const [isOnline, setIsOnline] = useState(true);
  const [day, setDay] = useState<VillageDay | null>(null);
  const [records, setRecords] = useState<Rec[]>([]);
  const [walkIns, setWalkIns] = useState<WalkIn[]>([]);
  const [notice, setNotice] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [isSyncing, setIsSyncing] = useState(false);
  const [wiped, setWiped] = useState<{ caseNos: string[] } | null>(null);

  const reload = useCallback(async () => {
    const device = deviceRef.current;
    const key = keyRef.current;
    if (!device || !key) return;
    setRecords(await device.listRecords<Content>(key));
  }, []);

  // Open the store, apply the 48-hour rule, and register the worker that keeps this page.
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      void loadIntakeSchema().catch(() => undefined);
      if (typeof indexedDB === "undefined" || !globalThis.crypto?.subtle) {
        setPhase("unsupported");
        return;
      }
      if ("serviceWorker" in navigator) {
        await navigator.serviceWorker.register("/village-sw.js", { scope: "/village" }).catch(() => undefined);
      }
      const device = await VillageDevice.open();
      if (cancelled) return device.close();
      deviceRef.current = device;
      if (await device.wipeIfExpired()) {
        setNotice({ tone: "error", text: "本机的下村日数据已超过 48 小时，已按规定清除。" });
      }
      setPhase((await device.summary()) ? "locked" : "choose");
    })();
    return () => {
      cancelled = true;
      deviceRef.current?.close();
    };
  }, []);

  const pending = records.filter((r) => r.state === "pending");
  const refused = records.filter((r) => r.state === "refused");

  const sync = useCallback(async () => {
    const device = deviceRef.current;
    const key = keyRef.current;
    if (!device || !key || syncingRef.current) return;
    syncingRef.current = true;
    setIsSyncing(true);
    try {
      const all = await device.listRecords<Content>(key);
      for (const record of all.filter((r) => r.state === "pending")) {
        let response: Response;
        try {
          response = await fetch("/api/v1/village/records", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ id: record.id, ...record.content }),
            cache: "no-store",
          });
        } catch {
          // No answer: the server may or may not have it. The record stays pending and goes again
          // under the same id; the server answers a repeat as the first time.
          setIsOnline(false);
          setNotice({ tone: "error", text: "上传中断，稍后将自动重试（已上传的不会重复）" });
          return;
        }
        if (response.ok) {
          await device.markSynced(record.id, (await response.json()) as Record<string, unknown>);
        } else if (response.status === 401 || response.status === 403) {
          setNotice({ tone: "error", text: "登录已过期，请重新登录后再上传（本机记录仍保留）" });
          return;
        } else if (response.status >= 500 || response.status === 429) {
          setNotice({ tone: "error", text: "服务器暂时不可用，稍后将自动重试" });
          return;
        } else {
          await device.markRefused(record.id, await refusalReason(response));
        }
      }
      const after = await device.listRecords<Content>(key);
      const left = after.filter((r) => r.state !== "synced").length;
      setRecords(after);
      setNotice(
        left === 0
          ? { tone: "success", text: "全部上传完毕" }
          : { tone: "error", text: `有 ${left} 条记录被退回，请查看原因后修改或删除` },
      );
    } finally {
      syncingRef.current = false;
      setIsSyncing(false);
      await reload();
    }
  }, [reload]);

  // Is the server reachable? Asked every few seconds and at every online/offline event; when it
  // is and something waits, it goes up.
  const hasPending = pending.length > 0;
  useEffect(() => {
    if (phase !== "ready") return;
    let stopped = false;
    const check = async () => {
      const reachable = await isServerReachable();
      if (stopped) return;
      setIsOnline(reachable);
      if (reachable && hasPending) void sync();
    };
    void check();
    const timer = setInterval(() => void check(), PING_MS);
    const onChange = () => void check();
    window.addEventListener("online", onChange);
    window.addEventListener("offline", onChange);
    return () => {
      stopped = true;
      clearInterval(timer);
      window.removeEventListener("online", onChange);
      window.removeEventListener("offline", onChange);
    };
  }, [phase, hasPending, sync]);

  const addRecord = useCallback(
    async (content: Content) => {
      const device = deviceRef.current!;
      const id = crypto.randomUUID();
      await device.addRecord(keyRef.current!, { id, kind: content.kind, content });
      await reload();
      return id;
    },
    [reload],
  );

  const saveWalkIns = useCallback(async (next: WalkIn[]) => {
    setWalkIns(next);
    await deviceRef.current!.putSealed(keyRef.current!, "walkIns", next);
  }, []);

  const finishDay = useCallback(async () => {
    const caseNos = records.flatMap((r) => (r.kind === "case" && r.result?.caseNo ? [String(r.result.caseNo)] : []));
    await deviceRef.current!.wipe();
    keyRef.current = null;
    setDay(null);
    setRecords([]);
    setWalkIns([]);
    setWiped({ caseNos });
    setPhase("choose");
  }, [records]);

  if (phase === "loading") return <p className="text-lg">正在打开本机数据…</p>;
  if (phase === "unsupported")
    return <FormAlert message="此浏览器不支持离线保存（需要 IndexedDB 和 WebCrypto），请使用 Chrome 或 Edge。" />;

  if (phase === "choose")
    return (
      <>
        {wiped && (
          <FormAlert tone="success" message="下村日已结束，本机数据已全部清除。">
            {wiped.caseNos.length > 0 && <p>本次上传的办件号：{wiped.caseNos.join("、")}</p>}
          </FormAlert>
        )}
        <FormAlert message={notice?.tone === "error" ? notice.text : undefined} />
        <TakeAlong
          onTaken={async (visit, pin) => {
            const device = deviceRef.current!;
            const response = await fetch(`/api/v1/village/visits/${visit}`, { cache: "no-store" });
            if (!response.ok) throw new Error(await refusalReason(response));
            const fresh = (await response.json()) as VillageDay;
            keyRef.current = await device.takeAlong({ visitId: visit, day: fresh, pin });
            await loadIntakeSchema();
            const isKept = await keepPageOffline();
            setDay(fresh);
            setRecords([]);
            setWalkIns([]);
            setWiped(null);
            setNotice(
              isKept
                ? { tone: "success", text: "已带走当天数据，本页面可离线使用" }
                : { tone: "error", text: "数据已保存，但本页面未能缓存：断网后请勿刷新页面" },
            );
            setPhase("ready");
          }}
        />
      </>
    );

  if (phase === "locked")
    return (
      <Unlock
        notice={notice}
        onUnlock={async (pin) => {
          const { key, day: opened } = await deviceRef.current!.unlock<VillageDay>(pin);
          keyRef.current = key;
          setDay(opened);
          setWalkIns((await deviceRef.current!.getSealed<WalkIn[]>(key, "walkIns")) ?? []);
          setRecords(await deviceRef.current!.listRecords<Content>(key));
          setNotice(null);
          setPhase("ready");
        }}
        onWipe={async () => {
          await deviceRef.current!.wipe();
          setNotice(null);
          setPhase("choose");
        }}
      />
    );

  const visit = day!.visit;
  return (
    <div className="space-y-4">
      <section
        aria-labelledby="village-visit"
        className="flex flex-wrap items-center justify-between gap-3 rounded-xl bg-white p-4 shadow print:hidden"
      >
        <div>
          <h2 id="village-visit" className="text-xl font-bold">
            {visit.date} {visit.village.name} · {visit.theme}
          </h2>
          <p className="text-slate-700">
            {visit.location} {visit.startTime}–{visit.endTime} · 工作人员 {clerkName}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <span
            role="status"
            data-testid="server-state"
            className={`rounded-full px-3 py-1 font-bold ${isOnline ? "bg-green-100 text-green-900" : "bg-amber-100 text-amber-900"}`}
          >
            {isOnline ? "服务器可连接" : "离线：无法连接服务器"}
          </span>
          <span data-testid="pending-count" className="rounded-full bg-slate-100 px-3 py-1 font-bold text-slate-900">
            {pending.length} 条待上传
            {refused.length > 0 && `，${refused.length} 条被退回`}
          </span>
          <Button size="staff" onClick={() => void sync()} disabled={isSyncing || pending.length === 0}>
            {isSyncing ? "正在上传…" : "立即上传"}
          </Button>
        </div>
      </section>
      <FormAlert className="print:hidden" tone={notice?.tone} message={notice?.text} />
      <div className="grid gap-4 lg:grid-cols-2">
        <div className="space-y-4 print:hidden">
          <Bookings day={day!} records={records} onCheckIn={(code) => addRecord(checkIn(visit.id, code))} />
          <WalkIns walkIns={walkIns} onChange={saveWalkIns} />
        </div>
        <div className="space-y-4">
          <Intake day={day!} onTake={(content) => addRecord(content)} />
          <div className="print:hidden">
            <Rating records={records} day={day!} onRate={(content) => addRecord(content)} />
          </div>
        </div>
      </div>
      <div className="print:hidden">
        <RecordList
          records={records}
          day={day!}
          onRetry={async (record) => {
            await deviceRef.current!.replaceRecord(keyRef.current!, record.id, record.content);
            await reload();
          }}
          onFix={async (record, content) => {
            await deviceRef.current!.replaceRecord(keyRef.current!, record.id, content);
            await reload();
          }}
          onDiscard={async (record) => {
            await deviceRef.current!.discardRecord(record.id);
            await reload();
          }}
        />
        <section aria-labelledby="village-end" className="mt-4 rounded-xl bg-white p-4 shadow">
          <h2 id="village-end" className="text-lg font-bold">
            结束下村日
          </h2>
          <p className="text-slate-700">
            全部上传后清除本机的当天数据；无论是否上传，带走 48 小时后本机数据都会自动清除。
          </p>
          <Button
            variant="danger"
            size="staff"
            className="mt-2"
            disabled={pending.length + refused.length > 0}
            onClick={() => void finishDay()}
          >
            结束并清除本机数据
          </Button>
        </section>
      </div>
    </div>
  );
}

function checkIn(visitId: number, bookingCode: string): CheckInContent {
  return { kind: "check_in", visitId, madeAt: new Date().toISOString(), bookingCode };
}

function TakeAlong({ onTaken }: { onTaken: (visitId: number, pin: string) => Promise<void> }) {
  const [visits, setVisits] = useState<VillageVisitSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void (async () => {
      try {
        const response = await fetch("/api/v1/village/visits", { cache: "no-store" });
        if (!response.ok) throw new Error(await refusalReason(response));
        setVisits(((await response.json()) as { visits: VillageVisitSummary[] }).visits);
      } catch (e) {
        setError(
          e instanceof TypeError ? "需要联网才能带走下村日数据，请连接网络后刷新" : String((e as Error).message),
        );
      }
    })();
  }, []);

  return (
    <form
      className="space-y-4 rounded-xl bg-white p-4 shadow"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const visit = Number(form.get("visit"));
        const pin = String(form.get("pin") ?? "");
        const again = String(form.get("pinAgain") ?? "");
        const errors: Record<string, string> = {};
        if (!visit) errors.visit = "请选择要带走的下村日";
        if (!PIN_RULE.test(pin)) errors.pin = "PIN 应为 6 到 12 位数字";
        else if (pin !== again) errors.pinAgain = "两次输入的 PIN 不一致";
        setFields(errors);
        if (Object.keys(errors).length > 0) return;
        setBusy(true);
        setError(null);
        onTaken(visit, pin)
          .catch((e: unknown) =>
            setError(e instanceof TypeError ? "网络连接中断，请重试" : String((e as Error).message)),
          )
          .finally(() => setBusy(false));
      }}
    >
      <h2 className="text-xl font-bold">带走下村日</h2>
      <p className="text-slate-700">
        出发前联网选择当天的下村日，设置一个 PIN（6–12
        位数字）。当天的预约、事项和材料清单加密保存在本机，断网也能签到、受理和评价。
      </p>
      <FormAlert message={error ?? undefined} />
      {visits === null && !error && <p>正在读取下村日…</p>}
      {visits?.length === 0 && <p>近期没有安排下村服务日。</p>}
      {visits && visits.length > 0 && (
        <fieldset aria-invalid={fields.visit ? true : undefined}>
          <legend className="font-semibold">选择下村日</legend>
          <div className="mt-2 grid gap-2 md:grid-cols-2">
            {visits.map((v) => (
              <label
                key={v.id}
                className="flex min-h-14 items-center gap-3 rounded-lg border-2 border-slate-300 p-3 has-[:checked]:border-brand-600"
              >
                <input type="radio" name="visit" value={v.id} className="size-5" />
                <span>
                  <span className="font-bold">
                    {v.date} {v.village.name}
                  </span>
                  <span className="block text-sm text-slate-700">
                    {v.theme} · {v.location} {v.startTime}–{v.endTime} · 预约 {v.bookings} 人
                  </span>
                </span>
              </label>
            ))}
          </div>
          {fields.visit && <p className="mt-1 font-semibold text-red-800">{fields.visit}</p>}
        </fieldset>
      )}
      <div className="grid gap-4 md:grid-cols-2">
        <Field
          label="设置 PIN"
          name="pin"
          type="password"
          inputMode="numeric"
          autoComplete="new-password"
          density="staff"
          error={fields.pin}
        />
        <Field
          label="再次输入 PIN"
          name="pinAgain"
          type="password"
          inputMode="numeric"
          autoComplete="new-password"
          density="staff"
          error={fields.pinAgain}
        />
      </div>
      <Button type="submit" size="staff" disabled={busy || !visits?.length}>
        {busy ? "正在带走…" : "带走当天数据"}
      </Button>
    </form>
  );
}

function Unlock({
  notice,
  onUnlock,
  onWipe,
}: {
  notice: { tone: "error" | "success"; text: string } | null;
  onUnlock: (pin: string) => Promise<void>;
  onWipe: () => Promise<void>;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="max-w-xl space-y-4 rounded-xl bg-white p-4 shadow"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const pin = String(new FormData(event.currentTarget).get("pin") ?? "");
        setBusy(true);
        setError(null);
        onUnlock(pin)
          .catch((e: unknown) => setError(e instanceof WrongPinError ? "PIN 不正确，请重新输入" : String(e)))
          .finally(() => setBusy(false));
      }}
    >
      <h2 className="text-xl font-bold">解锁下村日数据</h2>
      <FormAlert tone={notice?.tone} message={notice?.text} />
      <p className="text-slate-700">本机保存着已带走的下村日数据（已加密），请输入带走时设置的 PIN。</p>
      <Field
        label="PIN"
        name="pin"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        density="staff"
        error={error ?? undefined}
      />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" size="staff" disabled={busy}>
          {busy ? "正在解锁…" : "解锁"}
        </Button>
        <Button
          variant="danger"
          size="staff"
          onClick={() => {
            if (window.confirm("清除后，本机未上传的记录将无法恢复。确定清除吗？")) void onWipe();
          }}
        >
          清除本机数据
        </Button>
      </div>
    </form>
  );
}

function Bookings({
  day,
  records,
  onCheckIn,
}: {
  day: VillageDay;
  records: Rec[];
  onCheckIn: (code: string) => Promise<unknown>;
}) {
  const checkedIn = new Set(
    records.flatMap((r) =>
      r.kind === "check_in"
        ? [r.content ? (r.content as CheckInContent).bookingCode : String(r.result?.bookingCode)]
        : [],
    ),
  );
  return (
    <section aria-labelledby="village-bookings" className="rounded-xl bg-white p-4 shadow">
      <h2 id="village-bookings" className="text-lg font-bold">
        预约签到（{day.bookings.length} 人）
      </h2>
      {day.bookings.length === 0 && <p className="text-slate-700">这次下村日没有预约。</p>}
      <ul className="mt-2 divide-y">
        {day.bookings.map((b) => {
          const isDone = b.status !== "confirmed" || checkedIn.has(b.code);
          return (
            <li key={b.code} className="flex items-center justify-between gap-3 py-2" data-testid={`booking-${b.code}`}>
              <div>
                <p className="font-semibold">
                  {b.time} {b.name}
                  {b.agentName && <span className="text-sm text-slate-600">（{b.agentName} 代办）</span>}
                </p>
                <p className="text-sm text-slate-700">
                  {b.service.name} · {b.phoneMasked} · 预约码 <span className="font-mono">{b.code}</span>
                </p>
              </div>
              {isDone ? (
                <span className="font-semibold text-green-800">
                  {b.status === "confirmed" ? "已签到" : b.status === "checked_in" ? "已签到" : "已办理"}
                </span>
              ) : (
                <Button size="compact" aria-label={`签到 ${b.name} ${b.code}`} onClick={() => void onCheckIn(b.code)}>
                  签到
                </Button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function WalkIns({ walkIns, onChange }: { walkIns: WalkIn[]; onChange: (next: WalkIn[]) => Promise<void> }) {
  const [name, setName] = useState("");
  return (
    <section aria-labelledby="village-walk-ins" className="rounded-xl bg-white p-4 shadow">
      <h2 id="village-walk-ins" className="text-lg font-bold">
        现场排队（未预约）
      </h2>
      <form
        className="mt-2 flex items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          if (!name.trim()) return;
          const number = `村${String(walkIns.length + 1).padStart(2, "0")}`;
          void onChange([...walkIns, { number, name: name.trim(), isDone: false }]);
          setName("");
        }}
      >
        <Field
          label="群众姓名"
          name="walkInName"
          density="staff"
          className="flex-1"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <Button type="submit" size="staff">
          排号
        </Button>
      </form>
      <ol className="mt-2 divide-y">
        {walkIns.map((w, n) => (
          <li key={w.number} className="flex items-center justify-between py-2">
            <span className={w.isDone ? "text-slate-500 line-through" : "font-semibold"}>
              {w.number} {w.name}
            </span>
            {!w.isDone && (
              <Button
                size="compact"
                variant="secondary"
                onClick={() => void onChange(walkIns.map((x, i) => (i === n ? { ...x, isDone: true } : x)))}
              >
                办完
              </Button>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

interface NoticeView {
  name: string;
  itemName: string;
  missing: string[];
}

function Intake({ day, onTake }: { day: VillageDay; onTake: (content: CaseContent) => Promise<unknown> }) {
  const [service, setService] = useState("");
  const [received, setReceived] = useState<Record<string, boolean>>({});
  const [fields, setFields] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [notice, setNotice] = useState<NoticeView | null>(null);
  const [attempt, setAttempt] = useState(0);
  const item = day.items.find((i) => i.code === service);

  return (
    <section aria-labelledby="village-intake" className="rounded-xl bg-white p-4 shadow">
      <h2 id="village-intake" className="text-lg font-bold print:hidden">
        受理办件
      </h2>
      <form
        key={attempt}
        className="mt-2 space-y-3 print:hidden"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const materials = item?.materials ?? [];
          const got = materials.filter((m) => received[m.name]).map((m) => m.name);
          const missing = materials.filter((m) => m.required && !received[m.name]).map((m) => m.name);
          const raw = {
            bookingCode: String(form.get("bookingCode") ?? "").trim() || undefined,
            service,
            name: String(form.get("name") ?? ""),
            phone: String(form.get("phone") ?? ""),
            idNumber: String(form.get("idNumber") ?? ""),
            materials: { received: got, missing },
          };
          // The window's intake schema, in the browser: the same messages, the same ID check digit.
          if (!intakeSchema) {
            setMessage({ tone: "error", text: SCHEMA_LOADING });
            void loadIntakeSchema().catch(() => undefined);
            return;
          }
          const parsed = intakeSchema.intakeFields.safeParse(raw);
          if (!parsed.success) {
            const errors: Record<string, string> = {};
            for (const issue of parsed.error.issues) errors[issue.path.join(".")] ??= issue.message;
            setFields(errors);
            setMessage({ tone: "error", text: "请按提示修改后再受理" });
            return;
          }
          if (parsed.data.bookingCode && !day.bookings.some((b) => b.code === parsed.data.bookingCode)) {
            setFields({ bookingCode: "这次下村日没有这个预约码" });
            return;
          }
          const content: CaseContent = {
            kind: "case",
            visitId: day.visit.id,
            madeAt: new Date().toISOString(),
            ...(parsed.data.bookingCode ? { bookingCode: parsed.data.bookingCode } : {}),
            service: parsed.data.service,
            name: parsed.data.name,
            phone: parsed.data.phone,
            ...(parsed.data.idNumber ? { idNumber: parsed.data.idNumber } : {}),
            materials: parsed.data.materials,
          };
          void onTake(content).then(() => {
            setFields({});
            setNotice(missing.length > 0 ? { name: content.name, itemName: item!.name, missing } : null);
            setMessage({
              tone: "success",
              text: `已受理（存本机，待上传）：${content.name} ${item!.name}${missing.length > 0 ? "，缺少材料，已生成一次性告知书" : ""}`,
            });
            setService("");
            setReceived({});
            setAttempt((a) => a + 1);
          });
        }}
      >
        <FormAlert tone={message?.tone} message={message?.text} />
        <Field
          as="select"
          label="办理事项"
          name="service"
          density="staff"
          value={service}
          error={fields.service}
          onChange={(e) => {
            setService(e.target.value);
            setReceived({});
          }}
        >
          <option value="">请选择事项</option>
          {day.items.map((i) => (
            <option key={i.code} value={i.code}>
              {i.name}（{i.code}）
            </option>
          ))}
        </Field>
        <div className="grid gap-3 md:grid-cols-2">
          <Field label="申请人姓名" name="name" density="staff" error={fields.name} />
          <Field label="手机号码" {...PHONE_INPUT} density="staff" error={fields.phone} />
          <Field
            label="身份证号码"
            name="idNumber"
            density="staff"
            autoComplete="off"
            maxLength={18}
            error={fields.idNumber}
          />
          <Field
            label="预约码（有预约时填写）"
            name="bookingCode"
            density="staff"
            autoComplete="off"
            controlClassName="font-mono uppercase"
            error={fields.bookingCode}
          />
        </div>
        {item && (
          <fieldset>
            <legend className="font-semibold">已收材料（未勾选的必需材料将一次性告知补正）</legend>
            <ul className="mt-1 space-y-1">
              {item.materials.map((m) => (
                <li key={m.name}>
                  <label className="flex min-h-11 items-center gap-3">
                    <input
                      type="checkbox"
                      className="size-5"
                      checked={!!received[m.name]}
                      onChange={(e) => setReceived({ ...received, [m.name]: e.target.checked })}
                    />
                    <span>
                      {m.name}
                      {m.required ? "（必需）" : "（非必需）"} {m.copies}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        )}
        <Button type="submit" size="staff">
          受理（存本机）
        </Button>
      </form>
      {notice && <SupplementNotice notice={notice} day={day} onClose={() => setNotice(null)} />}
    </section>
  );
}

function SupplementNotice({ notice, day, onClose }: { notice: NoticeView; day: VillageDay; onClose: () => void }) {
  return (
    <article
      aria-labelledby="village-notice"
      data-testid="supplement-notice"
      className="mt-4 rounded-lg border-2 border-slate-800 p-4 print:mt-0 print:border-0"
    >
      <h3 id="village-notice" className="text-center text-xl font-bold">
        一次性告知书（补正材料）
      </h3>
      <p className="mt-2">申请人：{notice.name}</p>
      <p>办理事项：{notice.itemName}</p>
      <p>
        受理地点：{day.visit.village.name} {day.visit.location}（{day.visit.date} 下村服务日）
      </p>
      <p className="mt-2 font-semibold">需补正的材料：</p>
      <ol className="list-decimal pl-6">
        {notice.missing.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ol>
      <p className="mt-2">请按清单一次性补齐以上材料后，带本告知书到窗口提交。办件号在上传后以短信告知。</p>
      <div className="mt-3 flex gap-3 print:hidden">
        <Button size="staff" onClick={() => window.print()}>
          打印告知书
        </Button>
        <Button size="staff" variant="secondary" onClick={onClose}>
          关闭
        </Button>
      </div>
    </article>
  );
}

function caseLabel(record: Rec, day: VillageDay): string {
  const content = record.content as CaseContent | null;
  if (!content) return record.result?.caseNo ? `办件 ${String(record.result.caseNo)}` : "办件";
  const item = day.items.find((i) => i.code === content.service);
  return `${content.name} · ${item?.name ?? content.service}`;
}

function Rating({
  records,
  day,
  onRate,
}: {
  records: Rec[];
  day: VillageDay;
  onRate: (content: RatingContent) => Promise<unknown>;
}) {
  const rated = new Set(
    records.flatMap((r) => (r.kind === "rating" && r.content ? [(r.content as RatingContent).caseRecordId] : [])),
  );
  const cases = records.filter((r) => r.kind === "case" && !rated.has(r.id));
  const [level, setLevel] = useState<number | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  return (
    <section aria-labelledby="village-rating" className="rounded-xl bg-white p-4 shadow">
      <h2 id="village-rating" className="text-lg font-bold">
        好差评
      </h2>
      <FormAlert tone="success" message={message ?? undefined} />
      {cases.length === 0 ? (
        <p className="text-slate-700">受理办件后，可请群众当场评价。</p>
      ) : (
        <form
          key={attempt}
          className="mt-2 space-y-3"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            const caseRecordId = String(form.get("caseRecord") ?? "");
            const reasons = form.getAll("reasons").map(String);
            const comment = String(form.get("comment") ?? "").trim();
            const errors: Record<string, string> = {};
            if (!caseRecordId) errors.caseRecord = "请选择所评价的办件";
            if (!level) errors.level = "请选择评价等级";
            else if (level <= 2 && reasons.length === 0) errors.reasons = "请至少选择一个不满意的原因";
            if (comment.length > 500) errors.comment = "意见不能超过 500 个字";
            setFields(errors);
            if (Object.keys(errors).length > 0) return;
            void onRate({
              kind: "rating",
              visitId: day.visit.id,
              madeAt: new Date().toISOString(),
              caseRecordId,
              level: level!,
              reasons,
              ...(comment ? { comment } : {}),
            }).then(() => {
              setMessage("评价已保存（存本机，待上传）");
              setLevel(null);
              setAttempt((a) => a + 1);
            });
          }}
        >
          <Field as="select" label="评价的办件" name="caseRecord" density="staff" error={fields.caseRecord}>
            <option value="">请选择办件</option>
            {cases.map((r) => (
              <option key={r.id} value={r.id}>
                {caseLabel(r, day)}
              </option>
            ))}
          </Field>
          <fieldset>
            <legend className="font-semibold">评价等级</legend>
            <div className="mt-1 flex flex-wrap gap-2">
              {LEVELS.map((l) => (
                <label
                  key={l.level}
                  className="flex min-h-11 items-center gap-2 rounded-lg border-2 border-slate-300 px-3 has-[:checked]:border-brand-600"
                >
                  <input
                    type="radio"
                    name="level"
                    value={l.level}
                    checked={level === l.level}
                    onChange={() => setLevel(l.level)}
                  />
                  {l.label}
                </label>
              ))}
            </div>
            {fields.level && <p className="mt-1 font-semibold text-red-800">{fields.level}</p>}
          </fieldset>
          {level !== null && level <= 2 && (
            <fieldset>
              <legend className="font-semibold">不满意的原因</legend>
              <div className="mt-1 flex flex-wrap gap-3">
                {day.rules.ratingReasons.map((r) => (
                  <label key={r} className="flex min-h-11 items-center gap-2">
                    <input type="checkbox" name="reasons" value={r} className="size-5" />
                    {r}
                  </label>
                ))}
              </div>
              {fields.reasons && <p className="mt-1 font-semibold text-red-800">{fields.reasons}</p>}
            </fieldset>
          )}
          <Field as="textarea" label="意见（可不填）" name="comment" density="staff" error={fields.comment} />
          <Button type="submit" size="staff">
            保存评价
          </Button>
        </form>
      )}
    </section>
  );
}

function RecordList({
  records,
  day,
  onRetry,
  onFix,
  onDiscard,
}: {
  records: Rec[];
  day: VillageDay;
  onRetry: (record: Rec) => Promise<void>;
  onFix: (record: Rec, content: Content) => Promise<void>;
  onDiscard: (record: Rec) => Promise<void>;
}) {
  const [editing, setEditing] = useState<string | null>(null);
  const byId = useMemo(() => new Map(records.map((r) => [r.id, r])), [records]);
  return (
    <section aria-labelledby="village-records" className="rounded-xl bg-white p-4 shadow">
      <h2 id="village-records" className="text-lg font-bold">
        本机记录
      </h2>
      {records.length === 0 && <p className="text-slate-700">还没有记录。</p>}
      <ol className="mt-2 divide-y">
        {records.map((r) => {
          const content = r.content;
          const summary =
            r.kind === "case"
              ? caseLabel(r, day)
              : r.kind === "check_in"
                ? `预约码 ${content ? (content as CheckInContent).bookingCode : String(r.result?.bookingCode ?? "")}`
                : content
                  ? `${LEVELS.find((l) => l.level === (content as RatingContent).level)?.label} · ${caseLabel(byId.get((content as RatingContent).caseRecordId) ?? r, day)}`
                  : `办件 ${String(r.result?.caseNo ?? "")}`;
          return (
            <li key={r.id} className="py-2" data-testid="village-record" data-state={r.state}>
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span>
                  <span className="mr-2 rounded bg-slate-100 px-2 py-0.5 text-sm font-bold">
                    {KIND_LABEL[r.kind as Content["kind"]]}
                  </span>
                  {summary}
                </span>
                <span className="font-semibold">
                  {r.state === "pending" && <span className="text-amber-800">待上传</span>}
                  {r.state === "synced" && (
                    <span className="text-green-800">
                      已上传{r.result?.caseNo && r.kind === "case" ? `：办件号 ${String(r.result.caseNo)}` : ""}
                      {r.kind === "case" && r.result?.statusLabel ? `（${String(r.result.statusLabel)}）` : ""}
                    </span>
                  )}
                  {r.state === "refused" && <span className="text-red-800">被退回</span>}
                </span>
              </div>
              {r.state === "refused" && (
                <div className="mt-1 space-y-2">
                  <p className="font-semibold text-red-800" data-testid="refusal-reason">
                    退回原因：{r.reason}
                  </p>
                  <div className="flex flex-wrap gap-2">
                    {r.kind === "case" && content && (
                      <Button size="compact" variant="secondary" onClick={() => setEditing(r.id)}>
                        修改
                      </Button>
                    )}
                    <Button size="compact" variant="secondary" onClick={() => void onRetry(r)}>
                      重新上传
                    </Button>
                    <Button
                      size="compact"
                      variant="danger"
                      onClick={() => {
                        if (window.confirm("删除后这条记录不会上传，确定删除吗？")) void onDiscard(r);
                      }}
                    >
                      删除
                    </Button>
                  </div>
                  {editing === r.id && content && (
                    <FixCase
                      content={content as CaseContent}
                      day={day}
                      onSave={async (next) => {
                        await onFix(r, next);
                        setEditing(null);
                      }}
                    />
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** A refused case fixed in place: the item and the applicant's fields, checked as at intake. */
function FixCase({
  content,
  day,
  onSave,
}: {
  content: CaseContent;
  day: VillageDay;
  onSave: (next: CaseContent) => Promise<void>;
}) {
  const [fields, setFields] = useState<Record<string, string>>({});
  return (
    <form
      className="space-y-2 rounded-lg border-2 border-slate-300 p-3"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const next = {
          ...content,
          service: String(form.get("service") ?? ""),
          phone: String(form.get("phone") ?? ""),
          idNumber: String(form.get("idNumber") ?? "") || undefined,
        };
        if (!intakeSchema) {
          setFields({ service: SCHEMA_LOADING });
          void loadIntakeSchema().catch(() => undefined);
          return;
        }
        const parsed = intakeSchema.intakeFields.safeParse(next);
        if (!parsed.success) {
          const errors: Record<string, string> = {};
          for (const issue of parsed.error.issues) errors[issue.path.join(".")] ??= issue.message;
          setFields(errors);
          return;
        }
        void onSave({ ...next, idNumber: parsed.data.idNumber });
      }}
    >
      <Field
        as="select"
        label="改为事项"
        name="service"
        density="staff"
        defaultValue={content.service}
        error={fields.service}
      >
        {day.items.map((i) => (
          <option key={i.code} value={i.code}>
            {i.name}（{i.code}）
          </option>
        ))}
      </Field>
      <Field label="手机号码" {...PHONE_INPUT} density="staff" defaultValue={content.phone} error={fields.phone} />
      <Field
        label="身份证号码"
        name="idNumber"
        density="staff"
        defaultValue={content.idNumber ?? ""}
        error={fields.idNumber}
      />
      <Button type="submit" size="compact">
        保存并重新上传
      </Button>
    </form>
  );
}
