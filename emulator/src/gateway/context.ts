import type { EmulatorConfig } from "../config.ts";
import type { EventBus } from "../events/event-bus.ts";
import type { MetricStore } from "../metrics/metric-store.ts";
import type { StateStore } from "../state/store.ts";

/** Who made a request, as established by the signature (or "anonymous"). */
export interface Principal {
  accessKeyId: string | null;
  accountId: string;
  /** arn:aws:iam::<account>:root, or the assumed-role session ARN for temporary credentials. */
  arn: string;
  userId: string;
}

/** Process-wide parts every provider may use. */
export interface EmulatorRuntime {
  config: EmulatorConfig;
  store: StateStore;
  events: EventBus;
  /**
   * CloudWatch's metric storage: where services publish their own metrics (AWS/Lambda,
   * metric filters, embedded metric format) and what the CloudWatch API reads.
   */
  metrics: MetricStore;
  /** The base URL clients reach the emulator on, e.g. http://127.0.0.1:4566. */
  url: () => string;
}

/** Per-request context handed to providers. */
export interface RequestContext {
  requestId: string;
  principal: Principal;
  accountId: string;
  region: string;
  runtime: EmulatorRuntime;
}
