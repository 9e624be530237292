"use client";

import { useState } from "react";

/**
 * 分享给家人: the phone's share sheet (Web Share API) where there is one, else the link copied.
 * Without JavaScript it is a plain `sms:` link with the item's name and address in the message.
 */
export function ShareLink({ title, url, className }: { title: string; url: string; className: string }) {
  const [copied, setCopied] = useState(false);
  const text = `${title}（办事指南）`;

  async function share(event: React.MouseEvent<HTMLAnchorElement>) {
    const smsHref = event.currentTarget.href;
    if (typeof navigator.share === "function") {
      event.preventDefault();
      // A villager who closes the share sheet has changed their mind: nothing to say.
      await navigator.share({ title: text, url: location.href }).catch(() => {});
    } else if (navigator.clipboard) {
      event.preventDefault();
      try {
        await navigator.clipboard.writeText(location.href);
        setCopied(true);
      } catch {
        location.href = smsHref;
      }
    }
  }

  return (
    <>
      <a href={`sms:?&body=${encodeURIComponent(`${text} ${url}`)}`} className={className} onClick={share}>
        分享给家人
      </a>
      <p role="status" className="basis-full font-semibold text-green-800">
        {copied ? "链接已复制，可以粘贴到微信或短信里发给家人。" : ""}
      </p>
    </>
  );
}
