import type { BrowserContext } from "@playwright/test";
import { expect, signIn, type Account } from "./fixtures";

export { SHARED_SECRETS } from "./shared-secrets";

/**
 * A new page in `context`, signed in as `account`, on the role's home. The sign-in (a bcrypt
 * compare, a redirect and the home's first render on that instance) gets 30 s: on CI's two cores,
 * with the other worker racing 200 villagers through three instances, it once took just over 10.
 */
export async function staffPage(
  context: BrowserContext,
  account: Pick<Account, "username" | "password">,
  home: RegExp,
) {
  const page = await context.newPage();
  await signIn(page, account.username, account.password);
  await expect(page).toHaveURL(home, { timeout: 30_000 });
  return page;
}

export const desktop = {
  viewport: { width: 1280, height: 900 },
  isMobile: false,
  hasTouch: false,
  deviceScaleFactor: 1,
};
