import type { UploadApi, UploadApiResponse } from "./upload-api.repository.ts";

/** The API answers in milliseconds; a hung function URL must not hold the admin's request. */
const UPLOAD_API_TIMEOUT_MS = 10_000;

/**
 * The function URL this process can reach. The emulator's URLs are
 * `http://<id>.lambda-url.<region>.localhost:<port>/`, and not every resolver answers
 * `*.localhost`; the emulator serves the same function at `<endpoint>/_lambda-url/<id>/`
 * (as `npm start` prints for curl).
 */
export function reachableFunctionUrl(functionUrl: string, endpoint: string | undefined): string {
  const url = new URL(functionUrl);
  if (endpoint === undefined || !url.hostname.endsWith(".localhost")) return functionUrl;
  const id = url.hostname.split(".")[0];
  return `${endpoint}/_lambda-url/${id}/`;
}

export class FunctionUrlUploadApi implements UploadApi {
  readonly #baseUrl: string;

  constructor(baseUrl: string) {
    this.#baseUrl = baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`;
  }

  async createUpload(request: {
    fileName: string;
    contentType: string;
    bytes: number;
    keepLocation: boolean;
  }): Promise<UploadApiResponse> {
    const response = await fetch(new URL("uploads", this.#baseUrl), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(UPLOAD_API_TIMEOUT_MS),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: relayed as text, the service decides what to tell the client.
    }
    return { status: response.status, body };
  }
}
