import type { Locator, Page } from "@playwright/test";
import { z } from "zod";
import { type DroppedFile, dropFiles } from "../../admin/web/test/support/drop-files.ts";

export type { DroppedFile };

const DROP_ZONE = '[data-testid="drop-zone"]';

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The gallery's cell of a file: a link announced by the file name first. */
export function galleryCell(page: Page, fileName: string): Locator {
  return page.getByRole("link", { name: new RegExp(`^${escaped(fileName)} `) });
}

/** The file's line in the upload list, whose state reads Checking, Rejected, Waiting, Uploading, Uploaded or Failed. */
export function uploadItem(page: Page, fileName: string): Locator {
  return page.getByTestId("upload-item").filter({ has: page.getByText(fileName, { exact: true }) });
}

const createdUpload = z.object({ imageId: z.string() });
const uploadRequest = z.object({ fileName: z.string() });

/**
 * The image id the backend gave each file the page asked to upload (POST /api/uploads), by file
 * name: what the browser knows of an upload, without reading the table.
 */
export function recordUploads(page: Page): Map<string, string> {
  const ids = new Map<string, string>();
  page.on("response", async (response) => {
    const request = response.request();
    if (request.method() !== "POST" || new URL(request.url()).pathname !== "/api/uploads") return;
    if (!response.ok()) return;
    const asked = uploadRequest.safeParse(request.postDataJSON());
    const answer = createdUpload.safeParse(await response.json().catch(() => undefined));
    if (asked.success && answer.success) ids.set(asked.data.fileName, answer.data.imageId);
  });
  return ids;
}

/** Opens the Images page, signed in by the localhost hand-over as a user on this machine is. */
export async function openImages(page: Page): Promise<void> {
  await page.goto("/images");
  await page.getByRole("heading", { name: "Images", exact: true }).waitFor();
}

/** Drags the files onto the drop zone, as from the desktop. */
export function dropOnConsole(page: Page, files: DroppedFile[]): Promise<void> {
  return dropFiles(page, DROP_ZONE, files);
}
