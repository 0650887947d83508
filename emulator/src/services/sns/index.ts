import type { EmulatorRuntime } from "../../gateway/context.ts";
import type { InternalRoute } from "../../gateway/internal-routes.ts";
import { RpcService, type Service } from "../../gateway/service.ts";
import { QueryCodec } from "../../protocol/query.ts";
import type { AsyncInvocationQueue } from "../lambda/async-queue.ts";

/** A message another service publishes to a topic in-process (CloudWatch alarm actions). */
export interface ServiceMessage {
  topicArn: string;
  subject?: string;
  message: string;
}

/** How CloudWatch publishes alarm notifications, as the service principal, without a signature. */
export interface SnsPublisher {
  publish(message: ServiceMessage): Promise<void>;
}

export interface SnsDependencies {
  /** Lambda subscribers are invoked through Lambda's durable Event queue. */
  lambdaQueue: AsyncInvocationQueue | undefined;
}

export interface SnsService {
  service: Service;
  /** The local inbox (GET /_darkroom/sns/messages) and the subscription confirmation links. */
  routes: InternalRoute[];
  publisher: SnsPublisher;
  /** Stops delivery retries. */
  close(): void;
}

const snsSchemas = {};

/** SNS (query protocol): topics, subscriptions, publishing, delivery and the local inbox. */
export function createSnsService(_runtime: EmulatorRuntime, _deps: SnsDependencies): SnsService {
  const service = new RpcService({
    name: "sns",
    detection: { signingNames: ["sns"], queryVersions: ["2010-03-31"] },
    codec: new QueryCodec("http://sns.amazonaws.com/doc/2010-03-31/"),
    schemas: snsSchemas,
    provider: {},
  });
  return {
    service,
    routes: [],
    publisher: {
      publish: async (m) => {
        throw new Error(`SNS publishing is not implemented yet (topic ${m.topicArn})`);
      },
    },
    close: () => {},
  };
}
