import type { Channel } from "@/db/schema";

// How a villager checks in depends on where the booking is: the hall has a kiosk (取号机); a weekend
// post or a village day (at a 村委会 or a cultural hall) has only the staff who came. One place for
// the wording, used by the booking page and the SMS.

/** The page's line under the code. */
export function checkInHint(channel: Channel): string {
  return channel === "window" ? "到服务中心取号机扫码或输入签到" : "到现场向工作人员出示";
}

/** The page's advice before the visit. */
export function checkInAdvice(slot: { channel: Channel; location: string }): string {
  return slot.channel === "window"
    ? "请提前 10 分钟到服务中心，在取号机扫预约码或输入预约码签到，签到后优先叫号。"
    : `请按时到${slot.location}，向工作人员出示预约码，现场签到办理。`;
}

/** The SMS's last sentence (short: an SMS is paid per 70 characters). */
export function checkInSms(channel: Channel): string {
  return channel === "window" ? "请凭预约码在服务中心取号机签到。" : "请到场向工作人员出示预约码。";
}
