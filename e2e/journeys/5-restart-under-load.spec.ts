import { readFileSync } from "node:fs";
import sharp from "sharp";
import { finalDetail } from "../support/admin-api.ts";
import { type DroppedFile, dropOnConsole, openImages, recordUploads } from "../support/console.ts";
import { expect, test } from "../support/fixtures.ts";
import { scrollGallery } from "../support/gallery.ts";
import { photoPng } from "../support/photos.ts";
import { emulatorPid, startAgain } from "../support/platform.ts";
import { groupGone, groupMembers } from "../support/process-group.ts";

const IMAGES = 100;
/** Killed once this many uploads have succeeded: mid-way, with more waiting and some being processed. */
const KILL_AFTER = 35;

/** 100 different small photographs: windows of chelsea and coffee at different places, as JPEG. */
async function loadImages(): Promise<DroppedFile[]> {
  const sources = [photoPng("chelsea"), photoPng("coffee")];
  return Promise.all(
    Array.from({ length: IMAGES }, async (_, i) => {
      const bytes = await sharp(sources[i % 2]!)
        .extract({ left: (i * 7) % 150, top: (i * 3) % 100, width: 240, height: 180 })
        .jpeg({ quality: 80 })
        .toBuffer();
      return { name: `load-${String(i).padStart(3, "0")}.jpg`, type: "image/jpeg", bytes };
    }),
  );
}

test("100 uploads with the emulator killed (SIGKILL) mid-way: after a restart every upload the browser saw succeed is PROCESSED, once in the gallery", async ({
  page,
  admin,
  run,
}) => {
  // Uploads, a restart, a minute before the stuck-image job steps in, then the processing left.
  test.setTimeout(480_000);
  const files = await loadImages();
  await openImages(page);
  const ids = recordUploads(page);
  await dropOnConsole(page, files);

  const items = page.getByTestId("upload-item");
  await expect
    .poll(() => items.locator('[data-state="done"]').count(), { timeout: 120_000, intervals: [100] })
    .toBeGreaterThanOrEqual(KILL_AFTER);
  process.kill(emulatorPid(run), "SIGKILL");

  // npm start stops when its emulator dies (platform/start.ts), so a user starts it again.
  await expect.poll(() => groupMembers(run.pid).some((member) => member.pid === run.pid)).toBe(false);
  expect(readFileSync(run.logFile, "utf8")).toContain("the emulator stopped unexpectedly (SIGKILL)");
  // Nothing of the killed start is left running (its functions' workers included).
  expect(await groupGone(run.pid, 30_000), `processes left: ${JSON.stringify(groupMembers(run.pid))}`).toBe(
    true,
  );

  // The console answered each file: uploaded, or failed with the storage or backend gone.
  await expect
    .poll(() =>
      items.locator('[data-state="uploading"], [data-state="queued"], [data-state="checking"]').count(),
    )
    .toBe(0);
  const states = await items.evaluateAll((list) =>
    list.map((item) => ({
      name: item.querySelector(".name")?.textContent?.trim() ?? "",
      state: item.querySelector("[data-state]")?.getAttribute("data-state") ?? "",
    })),
  );
  const succeeded = states.filter((item) => item.state === "done").map((item) => item.name);
  expect(states).toHaveLength(IMAGES);
  expect(succeeded.length).toBeGreaterThanOrEqual(KILL_AFTER);
  expect(succeeded.length, "uploads left when the emulator was killed").toBeLessThan(IMAGES);

  test.info().annotations.push({
    type: "uploads",
    description: `${succeeded.length} of ${IMAGES} succeeded before the emulator was killed`,
  });
  await startAgain(run);

  // Each succeeded upload ends PROCESSED with its variants; an image killed in the middle of its
  // processing is re-invoked by the backend's stuck-image job (DARKROOM_STUCK_AFTER_MS, 1 min here).
  for (const name of succeeded) {
    const imageId = ids.get(name);
    expect(imageId, `${name}'s image id`).toBeDefined();
    const detail = await finalDetail(admin, imageId!, 240_000);
    expect({ name, status: detail.record.status, variants: detail.variants.length }).toEqual({
      name,
      status: "PROCESSED",
      variants: 5,
    });
  }

  // The gallery, loaded afresh on the new start, lists each of them once, PROCESSED.
  await openImages(page);
  const gallery = await scrollGallery(page);
  expect(gallery.twiceOnScreen).toEqual([]);
  expect(gallery.shown).toBe(gallery.entries.length);
  for (const name of succeeded) {
    const cells = gallery.entries.filter((entry) => entry.name === name);
    expect(
      cells.map((cell) => ({ href: cell.href, status: cell.status })),
      name,
    ).toEqual([{ href: `/images/${ids.get(name)}`, status: "PROCESSED" }]);
  }
  // No file of the load twice, whatever became of those the browser saw fail.
  const loadNames = gallery.entries.map((entry) => entry.name).filter((name) => name.startsWith("load-"));
  expect(loadNames.length).toBe(new Set(loadNames).size);
  // For the report: what the gallery shows of the uploads the browser saw fail.
  const failedShown = gallery.entries.filter(
    (entry) => loadNames.includes(entry.name) && !succeeded.includes(entry.name),
  );
  const byStatus: Record<string, number> = {};
  for (const entry of failedShown) byStatus[entry.status] = (byStatus[entry.status] ?? 0) + 1;
  test
    .info()
    .annotations.push({ type: "failed uploads in the gallery", description: JSON.stringify(byStatus) });
});
