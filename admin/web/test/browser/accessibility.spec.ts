import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { imageTableClient } from "@darkroom/image-record/dynamodb";
import { expect, type Page, test } from "@playwright/test";
import { emulatorClient } from "../../../../lambdas/test/support/emulator-clients.ts";
import { DynamoImageTable } from "../../../server/src/repositories/dynamodb-image-table.ts";
import { recordAt } from "../../../server/test/support/records.ts";
import { describeViolations, seriousViolations } from "../support/axe.ts";
import { readStackInfo } from "../support/stack-info.ts";

const PAGES = ["/", "/images", "/labels", "/alarms", "/alerts", "/logs", "/costs"];
const VIEWS = [
  { name: "1280-light", width: 1280, height: 800, colorScheme: "light" },
  { name: "1280-dark", width: 1280, height: 800, colorScheme: "dark" },
  { name: "375-light", width: 375, height: 812, colorScheme: "light" },
] as const;

/** Until nothing says it is loading: the page shows what it will show. */
async function settled(page: Page): Promise<void> {
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(
    page.getByRole("status").filter({ hasText: /Loading|Reading|Connecting|Projecting/ }),
  ).toHaveCount(0);
}

test.describe("accessibility and screenshots of every page", () => {
  let detailPath: string;

  test.beforeAll(async () => {
    // A processed image with labels, for the detail page; its objects are not in the buckets,
    // as after someone emptied them: the page says so where the pictures would be.
    const stack = readStackInfo();
    const dynamodb = emulatorClient(DynamoDBClient, stack.emulatorUrl);
    const record = recordAt("PROCESSED", new Date("2022-06-01T12:00:00.000Z"), { labels: ["Cat", "Cup"] });
    await new DynamoImageTable(stack.outputs.images_table, imageTableClient(dynamodb)).putImage(record);
    dynamodb.destroy();
    detailPath = `/images/${record.imageId}`;
  });

  for (const view of VIEWS) {
    test(`no serious or critical axe violations at ${view.name}`, async ({ page }, testInfo) => {
      await page.setViewportSize({ width: view.width, height: view.height });
      await page.emulateMedia({ colorScheme: view.colorScheme });
      const failures: string[] = [];
      for (const path of [...PAGES, detailPath]) {
        await page.goto(path);
        await settled(page);
        if (path === detailPath) {
          await expect(page.getByRole("img", { name: "The original: could not be loaded" })).toBeVisible();
          await expect(
            page.getByRole("img", { name: "The webp variant: could not be loaded" }),
          ).toBeVisible();
        }
        const name = path === detailPath ? "image-detail" : path === "/" ? "overview" : path.slice(1);
        await page.screenshot({ path: testInfo.outputPath(`${name}-${view.name}.png`), fullPage: true });
        const scrollWidth = await page.evaluate<number>("document.documentElement.scrollWidth");
        if (scrollWidth > view.width)
          failures.push(`${path}: ${scrollWidth} px wide in a ${view.width} px window`);
        failures.push(...describeViolations(await seriousViolations(page)).map((line) => `${path}: ${line}`));
      }
      expect(failures).toEqual([]);
    });
  }
});
