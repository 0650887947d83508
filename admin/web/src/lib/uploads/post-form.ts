import type { CreatedUpload } from "../api/client.ts";

export interface PostProgress {
  loaded: number;
  total: number;
}

/**
 * The browser's POST of the file to the presigned form (S3's POST policy). XMLHttpRequest, not
 * fetch: only it reports upload progress.
 */
export function postToPresignedForm(
  upload: CreatedUpload,
  file: File,
  contentType: string,
  onProgress: (progress: PostProgress) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    if (!("Content-Type" in upload.fields)) form.append("Content-Type", contentType);
    form.append("file", file, file.name);

    const xhr = new XMLHttpRequest();
    xhr.open("POST", upload.url);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress({ loaded: event.loaded, total: event.total });
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve();
      else reject(new Error(storageError(xhr.status, xhr.responseText)));
    };
    xhr.onerror = () => reject(new Error("The upload did not reach the storage endpoint (network or CORS)."));
    xhr.onabort = () => reject(new DOMException("The upload was cancelled.", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

/** S3 answers errors as XML: its Code and Message say more than the status. */
function storageError(status: number, body: string): string {
  const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
  if (code === "EntityTooLarge") return "The storage refused the file: it is larger than the upload limit.";
  if (code) return `The storage refused the upload (${code}${message ? `: ${message}` : ""}).`;
  return `The storage refused the upload (HTTP ${status}).`;
}
