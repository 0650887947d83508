import { join } from "node:path";
import { expect, test } from "@playwright/test";
import sharp from "sharp";
import { dropFiles, fixtureFile } from "../support/drop-files.ts";

const COFFEE = join(import.meta.dirname, "..", "..", "..", "..", "lambdas", "test-fixtures", "coffee.png");

test.describe("alarms, alerts and costs", () => {
  test("a drill puts an alarm in ALARM, and its alert arrives in the Alerts page without a reload", async ({
    page,
    context,
  }) => {
    const alerts = await context.newPage();
    await alerts.goto("/alerts");
    await expect(alerts.getByRole("heading", { name: "Alerts", exact: true })).toBeVisible();
    await expect(alerts.getByText("Live: new alerts appear here.")).toBeVisible();

    await page.goto("/alarms");
    const alarm = page.locator('[data-alarm="darkroom-critical-errors"]');
    await expect(alarm.locator("[data-state]").first()).toHaveText("OK");
    await alarm.getByRole("button", { name: "Simulate ALARM" }).click();
    // The drilled state lasts until the alarm's next evaluation (at most a minute here), so the
    // history, not the card, is what the test can rely on.
    await alarm.getByRole("button", { name: "History" }).click();
    await expect(alarm.getByRole("listitem").filter({ hasText: "to ALARM" }).first()).toBeVisible();

    // The alarm's next evaluation (every second here) may set it back to OK at once: that alert too.
    const alert = alerts
      .getByTestId("alert")
      .filter({ hasText: "darkroom-critical-errors" })
      .filter({ has: alerts.locator('[data-state="ALARM"]') })
      .first();
    await expect(alert).toBeVisible();
    await expect(alert).toContainText("Drill from the admin console: set to ALARM");
    await expect(alert.locator('[data-state="ALARM"]')).toBeVisible();
  });

  test("a corrupt upload puts the success-rate alarm in ALARM live, and its alert arrives without a reload", async ({
    page,
    context,
  }, testInfo) => {
    const alerts = await context.newPage();
    await alerts.goto("/alerts");
    await expect(alerts.getByText("Live: new alerts appear here.")).toBeVisible();
    await page.goto("/alarms");
    const alarm = page.locator('[data-alarm="darkroom-low-success-rate"]');
    await expect(alarm).toBeVisible();

    // Another tab drops a JPEG cut short: it FAILS, so fewer than 90 % of the period's images succeed.
    const uploads = await context.newPage();
    await uploads.goto("/images");
    const jpeg = await sharp(fixtureFile(COFFEE, "image/png").bytes).jpeg().toBuffer();
    await dropFiles(uploads, '[data-testid="drop-zone"]', [
      { name: "alarming.jpg", type: "image/jpeg", bytes: jpeg.subarray(0, 2_000) },
    ]);
    await expect(uploads.getByRole("link", { name: /^alarming\.jpg / }).locator("[data-status]")).toHaveText(
      "FAILED",
    );

    await expect(alarm.locator("[data-state]").first()).toHaveText("ALARM");
    await expect(
      alerts.getByTestId("alert").filter({ hasText: "darkroom-low-success-rate" }).first(),
    ).toBeVisible();

    // The transition redrew the alarm's sparkline: its newest bucket (under 90 %) and its 90 % line.
    const spark = alarm.getByTestId("sparkline");
    await expect(spark).toHaveAttribute("data-threshold", "90");
    await expect(spark).toHaveAttribute("data-points", /^[1-9]\d*$/);
    await expect(
      spark.getByRole("img", {
        name: /^Success rate \(%\), last 3 h: last value [1-8]?\d(?:\.\d+)?, threshold 90 \(ALARM below it\); \d+ points?$/,
      }),
    ).toBeVisible();
    const svg = await spark.locator("svg").boundingBox();
    const threshold = await spark.locator("line.threshold").boundingBox();
    const last = await spark.locator("circle.last").boundingBox();
    expect(svg && threshold && last).toBeTruthy();
    // The threshold runs across the sparkline; the newest bucket, which put the alarm in ALARM, is drawn under it.
    expect(threshold!.width).toBeGreaterThan(svg!.width * 0.9);
    expect(last!.x).toBeGreaterThanOrEqual(svg!.x - 3);
    expect(last!.x + last!.width).toBeLessThanOrEqual(svg!.x + svg!.width + 3);
    expect(last!.y + last!.height / 2).toBeGreaterThan(threshold!.y);
    await alarm.screenshot({ path: testInfo.outputPath("low-success-rate-alarm.png") });

    // Drawn in the theme's colours (dark differs from light) and within its row at 375 px.
    const strokeOf = () =>
      page.evaluate<string>(
        `getComputedStyle(document.querySelector('[data-alarm="darkroom-low-success-rate"] line.threshold')).stroke`,
      );
    const lightStroke = await strokeOf();
    expect(lightStroke).toMatch(/^rgb/);
    await page.emulateMedia({ colorScheme: "dark" });
    await expect.poll(strokeOf).not.toBe(lightStroke);
    await page.setViewportSize({ width: 375, height: 812 });
    await expect
      .poll(async () => {
        const [row, plot] = [await alarm.boundingBox(), await spark.locator("svg").boundingBox()];
        return row && plot ? row.x + row.width - (plot.x + plot.width) : -1;
      })
      .toBeGreaterThanOrEqual(0);
    await alarm.screenshot({ path: testInfo.outputPath("low-success-rate-alarm-375-dark.png") });
  });

  test("the alarms' buttons stay put while their metrics load, so a click lands where it was aimed", async ({
    page,
  }) => {
    // The metrics answer only when the test says so: first the page as it is while they load.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route("**/api/alarms/series**", async (route) => {
      await held;
      await route.continue();
    });
    await page.goto("/alarms");
    const drill = page
      .locator('[data-alarm="darkroom-critical-errors"]')
      .getByRole("button", { name: "Simulate ALARM" });
    await expect(drill).toBeVisible();
    await expect(page.getByTestId("sparkline-loading").first()).toBeVisible();
    const before = await drill.boundingBox();

    release();
    await expect(page.getByTestId("sparkline").first()).toBeVisible();
    await expect(page.getByTestId("sparkline-loading")).toHaveCount(0);
    expect(await drill.boundingBox()).toEqual(before);
  });

  test("the costs page shows the breakdown, and the slider moves the projection", async ({ page }) => {
    await page.goto("/costs");
    await expect(page.getByTestId("measured-total")).toHaveText(/^\$\d+\.\d{2}$/);
    const breakdown = page.getByRole("table", { name: "measured: cost by service" });
    for (const service of ["AWS Lambda", "Amazon S3", "Amazon DynamoDB", "Amazon CloudWatch"]) {
      await expect(breakdown.getByText(service, { exact: true })).toBeVisible();
    }

    await expect(page.getByTestId("projection-images")).toHaveText("10,000");
    const before = await page.getByTestId("projected-total").textContent();
    await page.getByRole("slider").fill("6");
    await expect(page.getByTestId("projection-images")).toHaveText("1,000,000");
    await expect(page.getByTestId("projected-total")).not.toHaveText(before ?? "");
    await expect(page.getByText("imagesPerMonth", { exact: true })).toBeVisible();
    await expect(page.getByRole("definition").first()).toHaveText("1,000,000");
  });
});
