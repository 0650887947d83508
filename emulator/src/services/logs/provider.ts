import type { Provider } from "../../protocol/provider.ts";
import type { LogsBackend } from "./backend.ts";
import { filterEventsOperations } from "./filter-events.ts";
import { getEventsOperations } from "./get-events.ts";
import { groupOperations } from "./groups.ts";
import { metricFilterOperations } from "./metric-filters.ts";
import { putEventsOperations } from "./put-events.ts";
import type { LogsSchemas } from "./schemas.ts";
import { streamOperations } from "./streams.ts";
import { tagOperations } from "./tags.ts";

/** CloudWatch Logs: groups, streams, events, metric filters and tags. */
export function logsProvider(backend: LogsBackend): Provider<LogsSchemas> {
  return {
    ...groupOperations(backend),
    ...streamOperations(backend),
    ...putEventsOperations(backend),
    ...getEventsOperations(backend),
    ...filterEventsOperations(backend),
    ...metricFilterOperations(backend),
    ...tagOperations(backend),
  };
}
