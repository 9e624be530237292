import { expect, test } from "./fixtures";
import { crawlPublicPages, setElderMode, unvisitedRoutes } from "./public-pages";

// The README's promise on every public page, measured in the browser on a phone: every visible
// text at least 18 px (elder mode 20 px), every visible target (link, button, form control,
// summary) at least 60 × 60 px (elder mode 64 × 64), and every text input with a maxlength. The
// pages are crawled (public-pages.ts), so a page added later is measured without touching this spec.
//
// The one exemption is WCAG 2.5.8's inline exception: a link inside a sentence, marked
// `data-inline-link` in the markup, shown inline, with other words of the sentence around it.

const LIMITS = {
  normal: { text: 18, target: 60 },
  elder: { text: 20, target: 64 },
};

/** The maxlength of inputs by name, from their validation rules (lib/api/schemas.ts and the forms' zod). */
const MAX_LENGTH: Record<string, number> = {
  name: 20,
  phone: 11,
  idNumber: 18,
  phoneCode: 6,
  code: 6,
  caseNo: 14,
  ticket: 4,
};

interface Measured {
  small: string[];
  untargetable: string[];
  noMaxLength: string[];
}

function measure({ text, target }: { text: number; target: number }): Measured {
  const describe = (el: Element) =>
    `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""} class="${(el.getAttribute("class") ?? "").slice(0, 60)}"> «${(el.textContent ?? (el as HTMLInputElement).value ?? "").trim().slice(0, 20)}»`;
  const isShown = (el: Element) => {
    const rect = el.getBoundingClientRect();
    // 1 px boxes are the visually hidden (sr-only) texts, read aloud only.
    return rect.width > 1 && rect.height > 1 && el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  };
  const small: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const checked = new Set<Element>();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || checked.has(el) || !node.textContent?.trim()) continue;
    checked.add(el);
    if (el.closest("script, style, noscript, template, #__next-route-announcer__") || !isShown(el)) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < text) small.push(`${size}px ${describe(el)}`);
  }

  const untargetable: string[] = [];
  const noMaxLength: string[] = [];
  const targets = document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary");
  for (const el of targets) {
    // A checkbox or radio button is pressed through its label: the label is the target.
    const isToggle = el instanceof HTMLInputElement && (el.type === "checkbox" || el.type === "radio");
    const box = isToggle ? ((el as HTMLInputElement).labels?.[0] ?? el) : el;
    if (!isShown(box) && !(isToggle && box !== el && isShown(box))) continue;
    if (
      el.hasAttribute("data-inline-link") &&
      getComputedStyle(el).display === "inline" &&
      (el.parentElement?.textContent ?? "").trim().length > (el.textContent ?? "").trim().length
    )
      continue;
    const rect = box.getBoundingClientRect();
    if (rect.height < target - 0.5 || rect.width < target - 0.5)
      untargetable.push(`${Math.round(rect.width)}×${Math.round(rect.height)} ${describe(box)}`);
    if (
      (el instanceof HTMLInputElement && ["text", "tel", "search", "email", "url", "number", ""].includes(el.type)) ||
      el instanceof HTMLTextAreaElement
    ) {
      const max = (el as HTMLInputElement).maxLength;
      if (max <= 0) noMaxLength.push(`no maxlength: ${describe(el)} name=${el.getAttribute("name")}`);
    }
  }
  return { small, untargetable, noMaxLength };
}

for (const mode of ["normal", "elder"] as const) {
  test(`every public page keeps its sizes in ${mode} mode: text ≥ ${LIMITS[mode].text} px, targets ≥ ${LIMITS[mode].target} px`, async ({
    context,
    baseURL,
  }) => {
    test.setTimeout(360_000);
    await setElderMode(context, baseURL!, mode === "elder");
    const problems: string[] = [];
    const visited = await crawlPublicPages(context, baseURL!, async (page, { url }) => {
      const found = await page.evaluate(measure, LIMITS[mode]);
      for (const line of [...found.small, ...found.untargetable, ...found.noMaxLength]) problems.push(`${url} ${line}`);
      const lengths = await page
        .locator("input[name]:not([type=hidden]), textarea[name]")
        .evaluateAll((els) =>
          els.map((el) => [el.getAttribute("name")!, (el as HTMLInputElement).maxLength] as [string, number]),
        );
      for (const [name, max] of lengths)
        if (name in MAX_LENGTH && max !== MAX_LENGTH[name])
          problems.push(`${url} input ${name}: maxlength ${max}, its rule allows ${MAX_LENGTH[name]}`);
    });
    expect(unvisitedRoutes(visited), "public routes no crawl reached").toEqual([]);
    expect(problems, problems.join("\n")).toEqual([]);
  });
}
