import { verify, X509Certificate } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import {
  CreateTopicCommand,
  type CreateTopicCommandInput,
  SNSClient,
  type SNSClientConfig,
  SubscribeCommand,
} from "@aws-sdk/client-sns";
import { onTestFinished } from "vitest";
import { z } from "zod";
import type { FailedDelivery } from "../../src/services/sns/delivery-failures.ts";
import { type InboxMessage, inboxMessageSchema } from "../../src/services/sns/inbox.ts";
import { clientConfig, emulatorUrl, uniqueName } from "./clients.ts";

export const ACCOUNT = "000000000000";

/** SNS against `endpoint`; no retries, so error cases answer at once. */
export function snsClient(endpoint = emulatorUrl(), options: SNSClientConfig = {}): SNSClient {
  return new SNSClient({ ...clientConfig(endpoint), maxAttempts: 1, ...options });
}

/** A topic no other test uses; returns its ARN. */
export async function createTopic(
  sns: SNSClient,
  prefix = "topic",
  extra: Partial<CreateTopicCommandInput> = {},
): Promise<string> {
  const out = await sns.send(new CreateTopicCommand({ Name: uniqueName(prefix), ...extra }));
  return out.TopicArn!;
}

/** Subscribes `endpoint` to a topic; returns the subscription's ARN, pending or not. */
export async function subscribe(
  sns: SNSClient,
  TopicArn: string,
  Protocol: string,
  Endpoint: string,
  Attributes?: Record<string, string>,
): Promise<string> {
  const out = await sns.send(
    new SubscribeCommand({ TopicArn, Protocol, Endpoint, Attributes, ReturnSubscriptionArn: true }),
  );
  return out.SubscriptionArn!;
}

/** The inbox, filtered by the endpoint's query parameters. */
export async function inbox(
  query: Record<string, string> = {},
  endpoint = emulatorUrl(),
): Promise<InboxMessage[]> {
  const res = await fetch(`${endpoint}/_darkroom/sns/messages?${new URLSearchParams(query)}`);
  if (res.status !== 200) throw new Error(`inbox answered ${res.status}: ${await res.text()}`);
  // The endpoint's documented shape, checked against the schema the emulator writes with.
  return z.object({ messages: z.array(inboxMessageSchema) }).parse(await res.json()).messages;
}

export type { FailedDelivery, InboxMessage };

export async function failedDeliveries(
  query: Record<string, string> = {},
  endpoint = emulatorUrl(),
): Promise<FailedDelivery[]> {
  const res = await fetch(`${endpoint}/_darkroom/sns/failed-deliveries?${new URLSearchParams(query)}`);
  return ((await res.json()) as { deliveries: FailedDelivery[] }).deliveries;
}

/** A request an HTTP subscriber received. */
export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  /** Parsed when the body is JSON (SNS envelopes), else undefined. */
  json: Record<string, unknown> | undefined;
}

/**
 * A local HTTP endpoint for SNS to deliver to. `status` decides each answer (it gets the
 * request's position, from 0); the server closes when the test ends.
 */
export async function httpSubscriber(status: (index: number, r: Received) => number = () => 200) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let json: Record<string, unknown> | undefined;
      try {
        json = JSON.parse(body) as Record<string, unknown>;
      } catch {
        json = undefined;
      }
      const r = { headers: req.headers, body, json };
      const code = status(received.length, r);
      received.push(r);
      res.writeHead(code).end();
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/sns`, received };
}

/** The fields SNS signs, in its order: notifications, then confirmation messages. */
const SIGNED_NOTIFICATION = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"];
const SIGNED_CONFIRMATION = [
  "Message",
  "MessageId",
  "SubscribeURL",
  "Timestamp",
  "Token",
  "TopicArn",
  "Type",
];

/**
 * Checks an SNS message's signature the way subscribers do: fetch the certificate at
 * SigningCertURL (SigningCertUrl in Lambda events) and verify SHA1withRSA (version 1) or
 * SHA256withRSA (version 2) over the canonical string of the signed fields.
 */
export async function signatureIsValid(message: Record<string, unknown>): Promise<boolean> {
  const certUrl = String(message.SigningCertURL ?? message.SigningCertUrl);
  const pem = await (await fetch(certUrl)).text();
  const fields = message.Type === "Notification" ? SIGNED_NOTIFICATION : SIGNED_CONFIRMATION;
  let text = "";
  for (const name of fields) {
    const value = message[name];
    if (typeof value === "string") text += `${name}\n${value}\n`;
  }
  const algorithm = message.SignatureVersion === "2" ? "sha256" : "sha1";
  return verify(
    algorithm,
    Buffer.from(text),
    new X509Certificate(pem).publicKey,
    Buffer.from(String(message.Signature), "base64"),
  );
}
