import "server-only";
import { randomInt } from "node:crypto";
import { inArray, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/connection";
import { phoneCodes } from "@/db/schema";
import { lockPhone } from "@/lib/booking/booking-checks";
import { lookupHash, lookupHashes, phoneCodeHash } from "@/lib/crypto";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { enqueueSms } from "@/lib/notify";
import { consumeRateLimit } from "@/lib/rate-limit";

export const PHONE_CODE_MINUTES = 10;

export interface PhoneCodeSent {
  expiresInSeconds: number;
  resendAfterSeconds: number;
  /** Only in demo mode, where no SMS leaves the machine: the code itself, shown on the page. */
  demoCode?: string;
}

/**
 * Send a one-time SMS code (短信验证码) to the phone a villager is booking with. Caps: per client
 * address (a fixed window in rate_limits) and per phone (one a minute, five an hour, counted under
 * the phone's lock so that parallel requests cannot pass them together).
 */
export async function requestPhoneCode(input: {
  hallId: number;
  phone: string;
  address: string;
}): Promise<PhoneCodeSent> {
  const config = env();
  // The page counts down to the next code: by default a phone gets one a minute, five an hour.
  const resendSeconds = config.PHONE_CODE_RESEND_SECONDS;
  await consumeRateLimit({ key: `phone-code:${input.address}`, limit: config.PHONE_CODES_PER_MINUTE });
  const db = await getDb();
  const phoneHash = lookupHash("phone", input.phone);
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  await db.transaction(async (tx) => {
    await lockPhone(tx, phoneHash);
    const [recent] = rowsOf<{ count: number; since_last: number | null; hour_frees_in: number | null }>(
      await tx.execute(sql`
        select count(*)::int as count,
               floor(extract(epoch from now() - max(created_at)))::int as since_last,
               ceil(extract(epoch from min(created_at) + interval '1 hour' - now()))::int as hour_frees_in
        from ${phoneCodes}
        where ${inArray(phoneCodes.phoneHash, lookupHashes("phone", input.phone))} and created_at > now() - interval '1 hour'`),
    );
    if (recent.since_last !== null && recent.since_last < resendSeconds) {
      const wait = resendSeconds - recent.since_last;
      throw new AppError("phone_code_limited", `验证码已发送，请 ${wait} 秒后再重新获取`, undefined, {
        retryAfter: wait,
      });
    }
    if (recent.count >= config.PHONE_CODES_PER_PHONE_PER_HOUR) {
      const wait = Math.max(1, recent.hour_frees_in ?? 3600);
      throw new AppError(
        "phone_code_limited",
        `这个手机号码获取验证码的次数过多，请 ${Math.ceil(wait / 60)} 分钟后再试`,
        undefined,
        { retryAfter: wait },
      );
    }
    await tx.insert(phoneCodes).values({
      phoneHash,
      codeHash: phoneCodeHash(phoneHash, code),
      expiresAt: sql`now() + make_interval(mins => ${PHONE_CODE_MINUTES})`,
    });
    await enqueueSms(tx, {
      hallId: input.hallId,
      kind: "verification_code",
      bookingId: null,
      phone: input.phone,
      body: `您的预约验证码是 ${code}，${PHONE_CODE_MINUTES} 分钟内有效。工作人员不会向您索要验证码，请勿告诉他人。`,
    });
  });
  return {
    expiresInSeconds: PHONE_CODE_MINUTES * 60,
    resendAfterSeconds: resendSeconds,
    ...(config.isDemo ? { demoCode: code } : {}),
  };
}
