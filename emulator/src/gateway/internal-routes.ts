import type { HttpRequest, HttpResponse } from "./http.ts";

/** What an internal endpoint answers. */
export interface InternalAnswer {
  response: HttpResponse;
  /** "<service> <operation>" for the request log; health checks leave it out so polling stays quiet. */
  logAs?: string;
}

/**
 * An endpoint outside the AWS APIs (health, function URLs, Darkroom's own views), tried
 * before service detection. Null when the request is not its; services contribute their own,
 * so the gateway needs to know none of them.
 */
export type InternalRoute = (req: HttpRequest) => Promise<InternalAnswer | null>;

/** The first answer of `routes`, tried in order. */
export async function answerInternally(
  routes: readonly InternalRoute[],
  req: HttpRequest,
): Promise<InternalAnswer | null> {
  for (const route of routes) {
    const answer = await route(req);
    if (answer) return answer;
  }
  return null;
}

/** A JSON response, as internal endpoints give them. */
export function jsonResponse(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): HttpResponse {
  return {
    status,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(value),
  };
}

/** The answer for a method an internal endpoint does not take. */
export function methodNotAllowed(allow: string): HttpResponse {
  return { status: 405, headers: { allow } };
}
