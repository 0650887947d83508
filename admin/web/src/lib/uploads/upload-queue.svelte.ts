import { DEFAULT_MAX_UPLOAD_BYTES } from "@darkroom/image-record";
import { api, call, type ImageSummary } from "../api/client.ts";
import { humanMessage } from "../api/errors.ts";
import { type CheckedFile, checkFile } from "./checks.ts";
import { postToPresignedForm } from "./post-form.ts";

export type UploadState = "checking" | "rejected" | "queued" | "uploading" | "done" | "failed";

export interface UploadItem {
  id: number;
  file: File;
  state: UploadState;
  /** 0..1 while uploading. */
  progress: number;
  message: string | null;
  imageId: string | null;
  checked: CheckedFile | null;
}

/** Three at a time: enough to fill a connection without starving the gallery's requests. */
const PARALLEL = 3;

/**
 * Files dropped or picked, checked in the browser, then uploaded: POST /api/uploads for a
 * presigned form, then the file straight to storage with progress. Failures keep the file for a retry.
 */
export class UploadQueue {
  items = $state<UploadItem[]>([]);
  /** The deployed stack's limit once the backend said it; the default until then. */
  maxBytes = $state(DEFAULT_MAX_UPLOAD_BYTES);
  #nextId = 1;
  readonly #onUploaded: (summary: ImageSummary) => void;
  /** Checks wait for it: a file dropped at once is measured against the stack's limit, not a guess. */
  readonly #limit: Promise<number>;

  constructor(onUploaded: (summary: ImageSummary) => void) {
    this.#onUploaded = onUploaded;
    // If the backend cannot say, the default stands; the storage's POST policy still enforces the real one.
    this.#limit = call(api().GET("/api/uploads/limits")).then(
      (limits) => (this.maxBytes = limits.maxBytes),
      () => this.maxBytes,
    );
  }

  get active(): number {
    return this.items.filter((item) => item.state === "uploading" || item.state === "queued").length;
  }

  add(files: Iterable<File>): void {
    for (const file of files) {
      const item: UploadItem = {
        id: this.#nextId++,
        file,
        state: "checking",
        progress: 0,
        message: null,
        imageId: null,
        checked: null,
      };
      this.items.push(item);
      void this.#check(item.id);
    }
  }

  retry(id: number): void {
    const item = this.#item(id);
    if (item?.state !== "failed") return;
    item.state = "queued";
    item.progress = 0;
    item.message = null;
    this.#pump();
  }

  dismiss(id: number): void {
    this.items = this.items.filter((item) => item.id !== id || item.state === "uploading");
  }

  clearFinished(): void {
    this.items = this.items.filter((item) => item.state !== "done" && item.state !== "rejected");
  }

  /** The item as the reactive proxy, so changes show. */
  #item(id: number): UploadItem | undefined {
    return this.items.find((item) => item.id === id);
  }

  async #check(id: number): Promise<void> {
    const item = this.#item(id);
    if (!item) return;
    const check = await checkFile(item.file, await this.#limit);
    if (check.ok) {
      item.checked = check.file;
      item.state = "queued";
      this.#pump();
    } else {
      item.state = "rejected";
      item.message = check.reason;
    }
  }

  #pump(): void {
    const running = this.items.filter((item) => item.state === "uploading").length;
    const waiting = this.items.filter((item) => item.state === "queued").slice(0, PARALLEL - running);
    for (const item of waiting) void this.#upload(item.id);
  }

  async #upload(id: number): Promise<void> {
    const item = this.#item(id);
    if (!item?.checked) return;
    item.state = "uploading";
    item.progress = 0;
    const { file, checked } = item;
    try {
      const upload = await call(
        api().POST("/api/uploads", {
          body: {
            fileName: file.name,
            contentType: checked.contentType,
            bytes: file.size,
            keepLocation: false,
          },
        }),
      );
      await postToPresignedForm(upload, file, checked.contentType, ({ loaded, total }) => {
        const current = this.#item(id);
        if (current) current.progress = total > 0 ? loaded / total : 0;
      });
      const done = this.#item(id);
      if (done) {
        done.state = "done";
        done.progress = 1;
        done.imageId = upload.imageId;
      }
      const now = new Date().toISOString();
      this.#onUploaded({
        imageId: upload.imageId,
        status: "UPLOADED",
        originalFileName: file.name,
        contentType: checked.contentType,
        originalBytes: file.size,
        createdAt: now,
        updatedAt: now,
        thumbnailUrl: null,
      });
    } catch (error) {
      const failed = this.#item(id);
      if (failed) {
        failed.state = "failed";
        failed.message = humanMessage(error);
      }
    } finally {
      this.#pump();
    }
  }
}
