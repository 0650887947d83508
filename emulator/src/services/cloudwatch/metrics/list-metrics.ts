import type { MetricScope, MetricStore } from "../../../metrics/metric-store.ts";
import type { Series } from "../../../metrics/series.ts";
import { invalidValueOf } from "./errors.ts";
import { decodeToken, encodeToken, requestDigest } from "./page-token.ts";
import type { MetricInput } from "./schemas.ts";

const PAGE_SIZE = 500;
const RECENTLY_ACTIVE_MS = 3 * 3_600_000;
/** ListMetrics leaves out metrics that have had no data for two weeks. */
const LISTED_FOR_MS = 14 * 24 * 3_600_000;

interface ListedMetric {
  Namespace: string;
  MetricName: string;
  Dimensions: Array<{ Name: string; Value: string }>;
}

/**
 * ListMetrics: metrics in namespace, name and dimension order, 500 a page. A dimension filter
 * with only a Name matches any value; a metric matches when it has every filtered dimension,
 * whatever others it has. With IncludeLinkedAccounts, OwningAccounts names the caller's account
 * for each metric (the emulator links no accounts).
 */
export function listMetrics(
  store: MetricStore,
  scope: MetricScope,
  input: MetricInput<"ListMetrics">,
  now: number,
): { Metrics: ListedMetric[]; NextToken?: string; OwningAccounts?: string[] } {
  const filters = input.Dimensions ?? [];
  const matches = (s: Series) =>
    (input.Namespace === undefined || s.namespace === input.Namespace) &&
    (input.MetricName === undefined || s.metricName === input.MetricName) &&
    now - s.lastPublished <= (input.RecentlyActive ? RECENTLY_ACTIVE_MS : LISTED_FOR_MS) &&
    filters.every((f) =>
      s.dimensions.some(([n, v]) => n === f.Name && (f.Value === undefined || v === f.Value)),
    );
  const digest = requestDigest([input.Namespace, input.MetricName, filters, input.RecentlyActive ?? null]);
  let after: string | undefined;
  if (input.NextToken !== undefined) {
    const position = decodeToken(input.NextToken, digest);
    if (typeof position !== "string") throw invalidValueOf(input.NextToken, "NextToken");
    after = position;
  }
  const page: Series[] = [];
  let more = false;
  for (const s of store.listSeries(scope)) {
    if ((after !== undefined && s.key <= after) || !matches(s)) continue;
    if (page.length === PAGE_SIZE) {
      more = true;
      break;
    }
    page.push(s);
  }
  const output: { Metrics: ListedMetric[]; NextToken?: string; OwningAccounts?: string[] } = {
    Metrics: page.map((s) => ({
      Namespace: s.namespace,
      MetricName: s.metricName,
      Dimensions: s.dimensions.map(([Name, Value]) => ({ Name, Value })),
    })),
  };
  if (more) output.NextToken = encodeToken(page[page.length - 1]!.key, digest);
  if (input.IncludeLinkedAccounts) output.OwningAccounts = page.map(() => scope.accountId);
  return output;
}
