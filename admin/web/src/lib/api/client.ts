import { type AdminClient, type AdminSchema, createAdminClient } from "@darkroom/admin-client";
import { session } from "../auth/session.svelte.ts";
import { ApiError, errorFrom } from "./errors.ts";

export type ImageList = AdminSchema<"ImageListDto_Output">;
export type ImageSummary = ImageList["items"][number];
export type ImageDetail = AdminSchema<"ImageDetailDto_Output">;
export type CreatedUpload = AdminSchema<"CreatedUploadDto_Output">;
export type Health = AdminSchema<"HealthDto_Output">;

/** The API lives on the console's own origin (see api()). */
export const API_BASE = "/api";

/** Adds the tab's token at call time, so signing in again needs no new client. */
async function authorisedFetch(request: Request): Promise<Response> {
  if (session.token && !request.headers.has("authorization")) {
    request.headers.set("authorization", `Bearer ${session.token}`);
  }
  try {
    return await fetch(request);
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw ApiError.unreachable(cause);
  }
}

let client: AdminClient | undefined;

/**
 * The generated typed client on the console's own origin: Vite proxies /api in development,
 * and the backend (or a static host in front of it) serves the build and /api together.
 */
export function api(): AdminClient {
  client ??= createAdminClient({ baseUrl: location.origin, fetch: authorisedFetch });
  return client;
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The answer's data, or an ApiError with the backend's message; a 401 signs the tab out. */
export async function call<T>(pending: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await pending;
  if (response.ok && data !== undefined) return data;
  const failure = errorFrom(response, error);
  if (response.status === 401) session.signOut(failure.message);
  throw failure;
}
