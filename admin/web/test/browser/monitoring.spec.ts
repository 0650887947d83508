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

    const alert = alerts.getByTestId("alert").filter({ hasText: "darkroom-critical-errors" });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText("Drill from the admin console: set to ALARM");
    await expect(alert.locator('[data-state="ALARM"]')).toBeVisible();
  });

  test("a corrupt upload puts the success-rate alarm in ALARM live, and its alert arrives without a reload", async ({
    page,
    context,
  }) => {
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
