import { randomUUID } from "node:crypto";
import type { EmulatorRuntime } from "../../gateway/context.ts";
import type { InternalRoute } from "../../gateway/internal-routes.ts";
import { RpcService, type Service } from "../../gateway/service.ts";
import type { Provider } from "../../protocol/provider.ts";
import { QueryCodec } from "../../protocol/query.ts";
import type { AsyncInvocationQueue } from "../lambda/async-queue.ts";
import { Deliveries } from "./deliveries.ts";
import { topicNotFound } from "./errors.ts";
import { parseArn } from "./lookup.ts";
import type { MessageAttribute } from "./model.ts";
import { publishOperations } from "./publish.ts";
import { snsRoutes } from "./routes.ts";
import { type SnsSchemas, snsSchemas } from "./schemas.ts";
import { SnsState } from "./state.ts";
import { subscriptionOperations } from "./subscriptions.ts";
import { tagOperations } from "./tags.ts";
import { topicOperations } from "./topics.ts";

/** A message another service publishes to a topic in-process (CloudWatch alarm actions). */
export interface ServiceMessage {
  topicArn: string;
  subject?: string;
  message: string;
  /** Texts for some protocols in place of `message`, as MessageStructure=json gives them. */
  perProtocol?: Record<string, string>;
  /** Optional message attributes, as Publish takes them. */
  attributes?: Record<string, MessageAttribute>;
}

/** How CloudWatch publishes alarm notifications, as the service principal, without a signature. */
export interface SnsPublisher {
  /** Delivers like Publish, and resolves once the deliveries are durable; rejects with NotFound for a missing topic. */
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

const NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";

/** SNS (query protocol): topics, subscriptions, publishing, delivery and the local inbox. */
export function createSnsService(runtime: EmulatorRuntime, deps: SnsDependencies): SnsService {
  const deliveries = new Deliveries(runtime, deps.lambdaQueue);
  const codec = new QueryCodec(NAMESPACE);
  const provider: Provider<SnsSchemas> = {
    ...topicOperations,
    ...subscriptionOperations(deliveries),
    ...publishOperations(deliveries),
    ...tagOperations,
  };
  const service = new RpcService({
    name: "sns",
    detection: { signingNames: ["sns"], queryVersions: ["2010-03-31"] },
    codec,
    schemas: snsSchemas,
    provider,
  });

  const publish = async (m: ServiceMessage): Promise<void> => {
    const arn = parseArn(m.topicArn, "TopicArn");
    const state = new SnsState(runtime.store, arn.accountId, arn.region);
    const topic = state.topics.get(m.topicArn);
    if (!topic) throw topicNotFound();
    deliveries.fanOut(state, topic, {
      messageId: randomUUID(),
      topicArn: topic.arn,
      ...(m.subject !== undefined ? { subject: m.subject } : {}),
      message: m.message,
      ...(m.perProtocol ? { perProtocol: { ...m.perProtocol, default: m.message } } : {}),
      attributes: m.attributes ?? {},
      timestamp: new Date().toISOString(),
    });
    await runtime.store.flush();
    deliveries.kick();
  };

  return {
    service,
    routes: snsRoutes(runtime, deliveries, codec),
    publisher: { publish },
    close: () => deliveries.close(),
  };
}
