import { type InternalRoute, jsonResponse, methodNotAllowed } from "../../gateway/internal-routes.ts";
import type { AsyncInvocationQueue, FailedInvocation } from "./async-queue.ts";

const PATH = "/_darkroom/lambda/failed-events";

/** One given-up Event invocation as the endpoint lists it; absent details are null, times ISO 8601. */
function view(f: FailedInvocation) {
  return {
    id: f.id,
    functionName: f.functionName,
    qualifier: f.qualifier ?? null,
    accountId: f.accountId,
    region: f.region,
    condition: f.condition,
    errorType: f.errorType ?? null,
    errorMessage: f.errorMessage ?? null,
    attempts: f.attempts,
    enqueuedAt: new Date(f.enqueuedAt).toISOString(),
    failedAt: new Date(f.failedAt).toISOString(),
    destination: f.destination ?? null,
    payload: f.payload,
  };
}

/**
 * GET /_darkroom/lambda/failed-events[?function=<name>]: the asynchronous invocations Lambda
 * gave up on, oldest first, where AWS would have sent them to an on-failure destination or
 * dropped them. Empty when the emulator runs no functions.
 */
export function failedEventsRoute(queue: AsyncInvocationQueue | undefined): InternalRoute {
  return async (req) => {
    if (req.rawPath !== PATH) return null;
    if (req.method !== "GET" && req.method !== "HEAD") return { response: methodNotAllowed("GET, HEAD") };
    const only = req.query.get("function");
    const failures = (queue?.failures() ?? []).filter((f) => only === null || f.functionName === only);
    return { response: jsonResponse(200, failures.map(view)) };
  };
}
