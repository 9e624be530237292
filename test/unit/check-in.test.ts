import { describe, expect, it } from "vitest";
import { checkInAdvice, checkInHint } from "@/lib/booking/check-in";
import { confirmationText } from "@/lib/booking/seats";
import { reminderText } from "@/lib/notify";

// Issue 13: village bookings were told to use the hall's kiosk though the place is a 村委会.

describe("where and how a villager checks in", () => {
  const booking = { code: "ABC234", serviceName: "高龄津贴申领", date: "2026-12-08", start: "09:00" };
  const reminder = { code: "ABC234", item: "高龄津贴申领", date: "2026-12-08", start: "09:00" };

  it("sends a hall booking to the kiosk", () => {
    expect(checkInHint("window")).toContain("取号机");
    expect(checkInAdvice({ channel: "window", location: "潜川镇便民服务中心" })).toContain("取号机");
    expect(confirmationText({ ...booking, channel: "window", location: "潜川镇便民服务中心" })).toContain("取号机");
    expect(reminderText({ ...reminder, channel: "window", location: "潜川镇便民服务中心" })).toContain("取号机");
  });

  it("sends a village day or a weekend post to the staff at the place, never to a kiosk", () => {
    for (const channel of ["village", "weekend"] as const) {
      const location = channel === "village" ? "银坑村村委会" : "潜川镇文化站";
      expect(checkInHint(channel)).not.toContain("取号机");
      const advice = checkInAdvice({ channel, location });
      expect(advice).toContain(location);
      expect(advice).not.toContain("取号机");
      const sms = confirmationText({ ...booking, channel, location });
      expect(sms).toContain(`地点：${location}`);
      expect(sms).toContain("出示预约码");
      expect(sms).not.toContain("取号机");
      const reminded = reminderText({ ...reminder, channel, location });
      expect(reminded).toContain(`地点：${location}`);
      expect(reminded).toContain("出示预约码");
      expect(reminded).not.toContain("取号机");
    }
  });
});
