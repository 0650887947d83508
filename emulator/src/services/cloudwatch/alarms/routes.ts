import { type InternalRoute, jsonResponse, methodNotAllowed } from "../../../gateway/internal-routes.ts";
import type { AlarmEvaluator } from "./evaluation/evaluator.ts";

const PATH = "/_darkroom/cloudwatch/evaluate";

/** "2026-01-05T10:01:30Z" or epoch milliseconds. */
function instant(text: string): number | undefined {
  const n = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * POST /_darkroom/cloudwatch/evaluate[?at=<ISO 8601 or epoch ms>]: evaluates every metric
 * alarm of every account and region now (or as of `at`) instead of waiting for the
 * schedule, and answers the report: how many were evaluated, the transitions, and errors.
 */
export function evaluateRoute(evaluator: AlarmEvaluator): InternalRoute {
  return async (req) => {
    if (req.rawPath !== PATH) return null;
    if (req.method !== "POST")
      return { response: methodNotAllowed("POST"), logAs: "darkroom EvaluateAlarms" };
    const raw = req.query.get("at");
    const at = raw === null ? Date.now() : instant(raw);
    if (at === undefined) {
      return {
        response: jsonResponse(400, {
          message: `"at" must be an ISO 8601 time or epoch milliseconds, got "${raw}"`,
        }),
        logAs: "darkroom EvaluateAlarms",
      };
    }
    const report = await evaluator.evaluateAll(at, { scheduled: false });
    return { response: jsonResponse(200, report), logAs: "darkroom EvaluateAlarms" };
  };
}
