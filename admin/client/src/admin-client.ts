import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./generated/admin-api.ts";

export interface AdminClientOptions {
  /** The backend's origin, e.g. http://127.0.0.1:4080 (the document's paths begin with /api). */
  baseUrl: string;
  /** DARKROOM_ADMIN_TOKEN; without it only /api/health and the OpenAPI document answer. */
  token?: string;
  /** Another fetch (a test's, a proxy's); globalThis.fetch by default. */
  fetch?: (request: Request) => Promise<Response>;
}

/** A client whose paths, parameters, bodies and answers are typed from the OpenAPI document. */
export type AdminClient = Client<paths>;

/** A schema of the document by name, e.g. `AdminSchema<"ImageListDto_Output">`. */
export type AdminSchema<Name extends keyof components["schemas"]> = components["schemas"][Name];

export function createAdminClient(options: AdminClientOptions): AdminClient {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    ...(options.token ? { headers: { authorization: `Bearer ${options.token}` } } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
