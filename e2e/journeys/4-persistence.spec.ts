import { dropOnConsole, galleryCell, openImages, uploadItem } from "../support/console.ts";
import { expect, test } from "../support/fixtures.ts";
import { photoPng } from "../support/photos.ts";
import { restartPlatform } from "../support/platform.ts";
import { snapshot } from "../support/platform-snapshot.ts";

test("after Ctrl-C and npm start on the same state, every image, variant, label, alarm state and alert is still there", async ({
  page,
  admin,
  run,
}) => {
  // An image of this journey's own, so there is something to keep even when it runs alone.
  await openImages(page);
  await dropOnConsole(page, [{ name: "persist-chelsea.png", type: "image/png", bytes: photoPng("chelsea") }]);
  await expect(uploadItem(page, "persist-chelsea.png").locator("[data-state]")).toHaveText("Uploaded");
  await expect(galleryCell(page, "persist-chelsea.png").locator("[data-status]")).toHaveText("PROCESSED", {
    timeout: 120_000,
  });
  const before = await snapshot(admin);
  expect(before.images.some((image) => image.record.status === "PROCESSED")).toBe(true);
  expect(
    before.images.some((image) => image.record.status === "PROCESSED" && image.record.labels.length > 0),
  ).toBe(true);

  const again = await restartPlatform(run);
  expect(again.ready.token, "the token kept in the state folder").toBe(run.ready.token);

  const after = await snapshot(admin);
  // Records (labels, variants' keys and sizes, timings), each variant's bytes, the label counts.
  expect(after.images).toEqual(before.images);
  expect(after.labels).toEqual(before.labels);
  for (const alarm of before.alarms) {
    const kept = before.histories[alarm.name] ?? [];
    const history = after.histories[alarm.name] ?? [];
    const since = history.slice(0, history.length - kept.length);
    // Its history before the restart is all there, in order, below any change made since.
    expect(history.slice(since.length), `${alarm.name}'s history`).toEqual(kept);
    // The restarted emulator evaluates every second: either the alarm is in the state it was in
    // since the same moment, or its first change since started from that state (not from a reset).
    const now = after.alarms.find((current) => current.name === alarm.name);
    const changes = since.filter((item) => item.transition !== null);
    if (changes.length === 0) expect(now, alarm.name).toEqual(alarm);
    else
      expect(
        changes.at(-1)?.transition?.previousState,
        `${alarm.name}'s first change after the restart`,
      ).toBe(alarm.state);
  }
  expect(after.alarms.map((alarm) => alarm.name)).toEqual(before.alarms.map((alarm) => alarm.name));
  // Every alert delivered before is still in the inbox (an alarm changing since adds its own).
  expect(after.alertIds).toEqual(expect.arrayContaining(before.alertIds));

  // And the console, reloaded on the new start, shows them.
  await openImages(page);
  await expect(galleryCell(page, "persist-chelsea.png").locator("[data-status]")).toHaveText("PROCESSED");
  await galleryCell(page, "persist-chelsea.png").click();
  await expect(
    page.getByRole("list", { name: "Labels" }).getByRole("link", { name: /^Cat \d/ }),
  ).toBeVisible();
  await expect(page.getByTestId("variant-row")).toHaveCount(5);
  if (before.alertIds.length > 0) {
    await page.goto("/alerts");
    await expect(page.getByTestId("alert").first()).toBeVisible();
  }
});
