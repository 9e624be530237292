import "server-only";
import { sql, type Placeholder, type SQL, type SQLWrapper } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rowsOf, type Tx } from "@/db/connection";
import { precompiled } from "@/db/precompiled";
import { phoneCodes } from "@/db/schema";
import { lookupHashes, phoneCodeHashes } from "@/lib/crypto";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

const WRONG_TRIES = 5;

/** A code that can still be used: not used yet and not expired (its wrong tries are checkCodeStatement's). */
const codeUsable = sql`${phoneCodes.usedAt} is null and ${phoneCodes.expiresAt} > now()`;

/**
 * The statement that marks the checked code `codeId` used, answering its id only when it was still
 * usable: of two requests racing with one code only one gets a row. Run by usePhoneCode, and by a
 * booking's seat statement as its first CTE (lib/booking/seats.ts).
 */
export function useCodeStatement(codeId: SQL | Placeholder | number) {
  return sql`update ${phoneCodes} set used_at = now() where ${phoneCodes.id} = ${codeId} and ${codeUsable} returning ${phoneCodes.id}`;
}

/** What checkCodeStatement compares: the phone's and the code's keyed hashes (see codeToCheck). */
export interface CodeCheckValues {
  phoneHash: string;
  previousPhoneHash: string;
  codeHash: string;
  previousCodeHash: string;
}

/** What checkCodeStatement answers: no row when the phone has no usable code. */
export interface CodeCheck {
  id: number;
  ok: boolean;
  wrong_tries: number;
}

/**
 * The code a public booking (or a place on a waitlist, or a look-up by phone) must check, as the
 * values of checkCodeStatement: the phone's and the code's keyed hashes under the current key and,
 * while a key rotation runs, the previous one (a code sent just before it began still works), else
 * the current ones twice (a fixed number of values: one statement text). Null when
 * PHONE_VERIFICATION is off; a missing code is refused at once.
 */
export function codeToCheck(input: {
  phone: string;
  code: string | undefined;
  /** Check even when PHONE_VERIFICATION is off: the code is the only proof of the phone (e.g. finding bookings by phone). */
  always?: boolean;
}): CodeCheckValues | null {
  if (env().PHONE_VERIFICATION === "off" && !input.always) return null;
  if (!input.code) throw new AppError("phone_code_required", undefined, { phoneCode: "请填写短信验证码" });
  const [phoneHash, previousPhoneHash = phoneHash] = lookupHashes("phone", input.phone);
  const [codeHash, previousCodeHash = codeHash] = phoneCodeHashes(input.phone, input.code);
  return { phoneHash, previousPhoneHash, codeHash, previousCodeHash };
}

/** Values of checkCodeStatement that no row has (a keyed hash is never empty): it checks nothing. */
export const NO_CODE_CHECK: CodeCheckValues = {
  phoneHash: "",
  previousPhoneHash: "",
  codeHash: "",
  previousCodeHash: "",
};

/**
 * The check of a code against the latest code sent to the phone (not used, not expired, fewer than
 * five wrong tries), as one conditional UPDATE: a wrong code counts a try, and parallel wrong
 * guesses each count, none past the fifth. Run by checkPhoneCode, and by a booking's checks inside
 * its transaction (readBookingFacts): createBooking judges the code before anything else and
 * commits a wrong try's count.
 */
export function checkCodeStatement(value: (name: keyof CodeCheckValues) => SQLWrapper) {
  const given = sql`${phoneCodes.codeHash} in (${value("codeHash")}, ${value("previousCodeHash")})`;
  // The phone's latest code under each key, each the top of the index (phone_hash, id): with
  // `phone_hash in (…) order by id desc` PostgreSQL may walk the whole table backwards by id
  // instead (the bench saw 4.9 ms of PostgreSQL's CPU per booking).
  const latest = (phoneHash: SQLWrapper) =>
    sql`(select id from ${phoneCodes} where ${phoneCodes.phoneHash} = ${phoneHash} order by id desc limit 1)`;
  return sql`update ${phoneCodes}
      set wrong_tries = wrong_tries + case when ${given} then 0 else 1 end
      where id = greatest(${latest(value("phoneHash"))}, ${latest(value("previousPhoneHash"))})
        and ${codeUsable} and wrong_tries < ${sql.raw(String(WRONG_TRIES))}
      returning id, ${given} as ok, wrong_tries`;
}

/** The code's id when checkCodeStatement found it right; else the villager's error. */
export function judgeCodeCheck(row: CodeCheck | null | undefined): number {
  if (!row) throw new AppError("phone_code_expired", undefined, { phoneCode: "验证码已失效，请重新获取" });
  if (!row.ok) {
    const left = WRONG_TRIES - row.wrong_tries;
    const message = left > 0 ? `短信验证码不正确，还可以再试 ${left} 次` : "短信验证码错误次数过多，请重新获取";
    throw new AppError(left > 0 ? "phone_code_invalid" : "phone_code_expired", message, { phoneCode: message });
  }
  return row.id;
}

const checkCode = precompiled<keyof CodeCheckValues>((value) => checkCodeStatement(value));

/**
 * Before the transaction of a place on a waitlist or a look-up by phone: the code (codeToCheck),
 * checked in a statement of its own, so that the count of a wrong try stays whatever the
 * transaction does. Answers the code's id, which the transaction marks used (`usePhoneCode`), or
 * null when PHONE_VERIFICATION is off. A booking checks its code inside its transaction instead.
 */
export async function checkPhoneCode(input: Parameters<typeof codeToCheck>[0]): Promise<number | null> {
  const values = codeToCheck(input);
  if (!values) return null;
  const [row] = rowsOf<CodeCheck>(await checkCode(await getDb(), values));
  return judgeCodeCheck(row);
}

/**
 * Inside the transaction of a place on a waitlist or a look-up by phone: mark the checked code used
 * (a booking does it in its seat statement, lib/booking/seats.ts). Of two requests racing with one
 * code only one finds it unused; the other is refused, and a transaction that fails rolls this back
 * so that the villager may try again with the same code.
 */
export async function usePhoneCode(tx: Tx, codeId: number | null) {
  if (codeId === null) return;
  const used = rowsOf<{ id: number }>(await tx.execute(useCodeStatement(codeId)));
  if (used.length === 0) throw codeUsedError();
}

/** A checked code that another request used meanwhile, or that expired since its check. */
export function codeUsedError() {
  return new AppError("phone_code_expired", "这个短信验证码已经用过或已失效，请重新获取", {
    phoneCode: "验证码已失效，请重新获取",
  });
}
