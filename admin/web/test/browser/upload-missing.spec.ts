import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { type FailedImageRecord, failedBeforeProcessingFrom, type ImageRecord } from "@darkroom/image-record";
import { imageTableClient } from "@darkroom/image-record/dynamodb";
import { expect, test } from "@playwright/test";
import { emulatorClient } from "../../../../lambdas/test/support/emulator-clients.ts";
import { uploadAction } from "../../../server/src/jobs/upload-action.ts";
import { DynamoImageTable } from "../../../server/src/repositories/dynamodb-image-table.ts";
import { recordAt } from "../../../server/test/support/records.ts";
import { describeViolations, seriousViolations } from "../support/axe.ts";
import { readStackInfo } from "../support/stack-info.ts";

/** A month no other test writes in. */
const CREATED_AT = new Date("2023-04-05T09:00:00.000Z");

/**
 * The record the stuck-image job writes for an upload whose original never arrived: its own
 * decision (upload-action.ts, an hour after the upload started, past the POST's expiry and the
 * grace) and its own transition, so the message is the job's. Nothing is put in the uploads bucket.
 */
function uploadNeverSent(): FailedImageRecord {
  const uploaded = recordAt("UPLOADED", CREATED_AT);
  if (uploaded.status !== "UPLOADED") throw new Error("recordAt gave no UPLOADED record");
  const now = CREATED_AT.getTime() + 3_600_000;
  const action = uploadAction(uploaded, now, { graceMs: 300_000, stuckAfterMs: 300_000 });
  if (action.kind !== "check") throw new Error(`the job would ${action.kind}, not look for the original`);
  return failedBeforeProcessingFrom(uploaded, action.missing, new Date(now));
}

test.describe("an image whose upload never arrived (UPLOAD_MISSING)", () => {
  let missing: FailedImageRecord;
  let corrupt: ImageRecord;

  test.beforeAll(async () => {
    const stack = readStackInfo();
    const dynamodb = emulatorClient(DynamoDBClient, stack.emulatorUrl);
    const table = new DynamoImageTable(stack.outputs.images_table, imageTableClient(dynamodb));
    missing = uploadNeverSent();
    // A failure after an attempt, for contrast: its original exists as far as the page knows.
    corrupt = recordAt("FAILED", new Date(CREATED_AT.getTime() + 60_000));
    await Promise.all([table.putImage(missing), table.putImage(corrupt)]);
    dynamodb.destroy();
  });

  test("its detail says the upload never arrived, offers no download nor reprocess, points to the upload, and passes axe", async ({
    page,
    request,
  }) => {
    await page.goto(`/images/${missing.imageId}`);
    await expect(page.getByRole("heading", { name: missing.originalFileName, level: 1 })).toBeVisible();

    // No attempt count: the upload never arrived, in the record's own words.
    const head = page.locator("header.head");
    await expect(head).toContainText("never arrived");
    await expect(page.getByText(/attempt 0\b/)).toHaveCount(0);
    await expect(page.getByRole("alert").filter({ hasText: "UPLOAD_MISSING" })).toContainText(
      missing.failure.message,
    );

    // Nothing to download, and what to do instead, with the way to the upload.
    await expect(page.getByRole("link", { name: /download/i })).toHaveCount(0);
    await expect(page.locator("a[download]")).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "Original", exact: true })).toHaveCount(0);
    const explanation = page.getByRole("region", { name: "No original stored" });
    await expect(explanation).toContainText("Upload the file again");

    // Reprocess is not offered, and says why to assistive technology; the backend agrees (409).
    const reprocess = page.getByRole("button", { name: "Reprocess" });
    await expect(reprocess).toBeDisabled();
    await expect(reprocess).toHaveAccessibleDescription(/never reached storage.*nothing to reprocess/);
    const stack = readStackInfo();
    const refused = await request.post(`${stack.apiUrl}/api/images/${missing.imageId}/reprocess`, {
      headers: { authorization: `Bearer ${stack.token}` },
    });
    expect(refused.status()).toBe(409);

    expect(describeViolations(await seriousViolations(page))).toEqual([]);

    await explanation.getByRole("link", { name: "Upload it again on the Images page" }).click();
    await expect(page).toHaveURL(/\/images$/);
    await expect(page.getByRole("heading", { name: "Upload images" })).toBeAttached();
  });

  test("a failure after a processing attempt keeps its attempt, its download and Reprocess", async ({
    page,
  }) => {
    await page.goto(`/images/${corrupt.imageId}`);
    await expect(page.getByRole("heading", { name: corrupt.originalFileName, level: 1 })).toBeVisible();
    await expect(page.locator("header.head")).toContainText(`attempt ${corrupt.attempts}`);
    await expect(page.getByRole("link", { name: "Download original" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Reprocess" })).toBeEnabled();
    await expect(page.getByRole("region", { name: "No original stored" })).toHaveCount(0);
  });
});
