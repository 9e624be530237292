import "server-only";
import { inArray, sql, type Placeholder, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rowsOf, type Tx } from "@/db/connection";
import { phoneCodes } from "@/db/schema";
import { lookupHashes, phoneCodeHashes } from "@/lib/crypto";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

const WRONG_TRIES = 5;

/** A code that can still be used: not used yet and not expired (its wrong tries are checkPhoneCode's). */
const codeUsable = sql`${phoneCodes.usedAt} is null and ${phoneCodes.expiresAt} > now()`;

/**
 * The statement that marks the checked code `codeId` used, answering its id only when it was still
 * usable: of two requests racing with one code only one gets a row. Run by usePhoneCode, and by a
 * booking's seat statement as its first CTE (lib/booking/seats.ts).
 */
export function useCodeStatement(codeId: SQL | Placeholder | number) {
  return sql`update ${phoneCodes} set used_at = now() where ${phoneCodes.id} = ${codeId} and ${codeUsable} returning ${phoneCodes.id}`;
}

/**
 * Before the transaction of a public booking (or a place on a waitlist, or a look-up by phone):
 * `code` must be the latest code sent to `phone`, not used, not expired, with fewer than five wrong
 * tries. A wrong code counts a try at once (its own statement, so that a failing booking cannot
 * roll the count back). Answers the code's id, which the transaction marks used (bookSeat's
 * statement, or `usePhoneCode`), or null when PHONE_VERIFICATION is off.
 */
export async function checkPhoneCode(input: {
  phone: string;
  code: string | undefined;
  /** Check even when PHONE_VERIFICATION is off: the code is the only proof of the phone (e.g. finding bookings by phone). */
  always?: boolean;
}): Promise<number | null> {
  if (env().PHONE_VERIFICATION === "off" && !input.always) return null;
  if (!input.code) throw new AppError("phone_code_required", undefined, { phoneCode: "请填写短信验证码" });
  const db = await getDb();
  // Under every key in use: a code sent just before a key rotation began still works.
  const phoneHashes = lookupHashes("phone", input.phone);
  const given = inArray(phoneCodes.codeHash, phoneCodeHashes(input.phone, input.code));
  // One conditional UPDATE: parallel wrong guesses each count, and none gets past the fifth.
  const [row] = rowsOf<{ id: number; ok: boolean; wrong_tries: number }>(
    await db.execute(sql`
      update ${phoneCodes}
      set wrong_tries = wrong_tries + case when ${given} then 0 else 1 end
      where id = (select id from ${phoneCodes} where ${inArray(phoneCodes.phoneHash, phoneHashes)} order by id desc limit 1)
        and ${codeUsable} and wrong_tries < ${WRONG_TRIES}
      returning id, ${given} as ok, wrong_tries`),
  );
  if (!row) throw new AppError("phone_code_expired", undefined, { phoneCode: "验证码已失效，请重新获取" });
  if (!row.ok) {
    const left = WRONG_TRIES - row.wrong_tries;
    const message = left > 0 ? `短信验证码不正确，还可以再试 ${left} 次` : "短信验证码错误次数过多，请重新获取";
    throw new AppError(left > 0 ? "phone_code_invalid" : "phone_code_expired", message, { phoneCode: message });
  }
  return row.id;
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
