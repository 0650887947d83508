import type { Page } from "@playwright/test";

/** A cell of the gallery as rendered: its link, the file name it shows and its status badge. */
export interface GalleryEntry {
  href: string;
  name: string;
  status: string;
}

export interface GalleryScroll {
  /** Every distinct cell rendered on the way down, by first appearance. */
  entries: GalleryEntry[];
  /** Links rendered twice on the screen at once. */
  twiceOnScreen: string[];
  /** The count the gallery gives at its end ("N images, all shown."): the feed's length, duplicates included. */
  shown: number;
}

/**
 * Scrolls the Images page to the end of its virtualised grid (only the rows in view are in the
 * document), noting every cell it renders on the way.
 */
export async function scrollGallery(page: Page): Promise<GalleryScroll> {
  const grid = page.getByRole("list", { name: "Images, newest first" });
  const cells = grid.getByRole("link");
  await cells.first().waitFor();
  const entries = new Map<string, GalleryEntry>();
  const twiceOnScreen: string[] = [];
  const end = page.getByText(/^\d+ images?, all shown\.$/);
  for (let step = 0; step < 500; step += 1) {
    const onScreen = await cells.evaluateAll((links) =>
      links.map((link) => ({
        href: link.getAttribute("href") ?? "",
        name: link.querySelector(".name")?.textContent?.trim() ?? "",
        status: link.querySelector("[data-status]")?.getAttribute("data-status") ?? "",
      })),
    );
    const hrefs = onScreen.map((entry) => entry.href);
    twiceOnScreen.push(...hrefs.filter((href, i) => hrefs.indexOf(href) !== i));
    for (const entry of onScreen) entries.set(entry.href, entry);
    // Strings: the root tsconfig has no DOM types.
    const atBottom = await page.evaluate<boolean>(
      "scrollY + innerHeight >= document.documentElement.scrollHeight - 2",
    );
    if (atBottom && (await end.isVisible())) {
      const shown = Number((await end.textContent())?.split(" ")[0]);
      return { entries: [...entries.values()], twiceOnScreen, shown };
    }
    await page.mouse.wheel(0, 700);
    await page.waitForTimeout(50);
  }
  throw new Error(`the gallery did not reach its end; ${entries.size} images seen`);
}
