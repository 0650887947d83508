import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { imageTableClient } from "@darkroom/image-record/dynamodb";
import { expect, test } from "@playwright/test";
import { emulatorClient } from "../../../../lambdas/test/support/emulator-clients.ts";
import { DynamoImageTable } from "../../../server/src/repositories/dynamodb-image-table.ts";
import { recordAt } from "../../../server/test/support/records.ts";
import { readStackInfo } from "../support/stack-info.ts";

const SEEDED = 120;
/** A month no other test writes in, so the date filter isolates the seeded images. */
const RANGE = "from=2021-03-01&to=2021-03-31";

test.describe("the gallery's infinite scroll", () => {
  let newestFirst: string[];
  let newestFailed: string;

  test.beforeAll(async () => {
    const stack = readStackInfo();
    const dynamodb = emulatorClient(DynamoDBClient, stack.emulatorUrl);
    const table = new DynamoImageTable(stack.outputs.images_table, imageTableClient(dynamodb));
    const start = Date.parse("2021-03-10T10:00:00.000Z");
    // The processor's write path (the backend's table repository), a minute apart.
    const records = Array.from({ length: SEEDED }, (_, i) =>
      recordAt(i % 5 === 0 ? "FAILED" : "PROCESSED", new Date(start + i * 60_000)),
    );
    for (let i = 0; i < records.length; i += 10) {
      await Promise.all(records.slice(i, i + 10).map((record) => table.putImage(record)));
    }
    dynamodb.destroy();
    newestFirst = records.map((record) => record.imageId).reverse();
    newestFailed = records.filter((record) => record.status === "FAILED").at(-1)!.imageId;
  });

  test(`${SEEDED} images scroll in order without duplicates or gaps, and the filters survive a reload`, async ({
    page,
  }) => {
    await page.goto(`/images?${RANGE}`);
    const grid = page.getByRole("list", { name: "Images, newest first" });
    const cells = grid.getByRole("link");
    await expect(cells.first()).toBeVisible();

    // Scroll to the end, noting every image the grid renders on the way.
    const seen: string[] = [];
    let largestRendered = 0;
    for (let step = 0; step < 200; step += 1) {
      const hrefs = await cells.evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
      expect(new Set(hrefs).size, "no image twice on screen").toBe(hrefs.length);
      largestRendered = Math.max(largestRendered, hrefs.length);
      for (const href of hrefs) if (!seen.includes(href)) seen.push(href);
      // A string: the root tsconfig has no DOM types.
      const atBottom = await page.evaluate<boolean>(
        "scrollY + innerHeight >= document.documentElement.scrollHeight - 2",
      );
      if (atBottom && (await page.getByText(`${SEEDED} images, all shown.`).isVisible())) break;
      await page.mouse.wheel(0, 700);
      await page.waitForTimeout(50);
    }
    await expect(page.getByText(`${SEEDED} images, all shown.`)).toBeVisible();
    expect(seen).toEqual(newestFirst.map((id) => `/images/${id}`));
    // Virtualised: never all of them in the document at once.
    expect(largestRendered).toBeLessThan(SEEDED);

    await page.reload();
    await expect(page.getByLabel("From")).toHaveValue("2021-03-01");
    await expect(page.getByLabel("To")).toHaveValue("2021-03-31");
    // The reload may restore the scroll position further down (as the grid grows): the newest is at the top.
    await page.evaluate("scrollTo(0, 0)");
    await expect(cells.first()).toHaveAttribute("href", `/images/${newestFirst[0]}`);

    // A status filter joins the URL and the list follows it.
    await page.getByLabel("Status").selectOption("FAILED");
    await expect(page).toHaveURL(/status=FAILED/);
    await expect(page).toHaveURL(/from=2021-03-01/);
    await expect(cells.first()).toHaveAttribute("href", `/images/${newestFailed}`);
    await expect(grid.locator('[data-status="PROCESSED"]')).toHaveCount(0);
  });
});
