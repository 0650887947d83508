import {
  CloudWatchClient,
  type CloudWatchClientConfig,
  PutMetricAlarmCommand,
} from "@aws-sdk/client-cloudwatch";
import { cbor } from "@smithy/core/cbor";
import { XMLParser } from "fast-xml-parser";
import { clientConfig, emulatorUrl } from "./clients.ts";
import { signedFetch } from "./signed-request.ts";

/** The JS SDK's CloudWatch client: awsJson1_0. */
export function cloudWatchClient(
  endpoint = emulatorUrl(),
  options: CloudWatchClientConfig = {},
): CloudWatchClient {
  return new CloudWatchClient({ ...clientConfig(endpoint), ...options });
}

/**
 * The stack's kind of metric-math alarm: 100*(total-errors)/total < 95 over one period, the two
 * metrics summed in `namespace` at `period` seconds.
 */
export function successRateAlarm(options: {
  name: string;
  namespace: string;
  period: number;
  metrics?: { total: string; errors: string };
  label?: string;
}): PutMetricAlarmCommand {
  const { total, errors } = options.metrics ?? { total: "Total", errors: "Errors" };
  const sum = (Id: string, MetricName: string) => ({
    Id,
    MetricStat: { Metric: { Namespace: options.namespace, MetricName }, Period: options.period, Stat: "Sum" },
    ReturnData: false,
  });
  return new PutMetricAlarmCommand({
    AlarmName: options.name,
    EvaluationPeriods: 1,
    Threshold: 95,
    ComparisonOperator: "LessThanThreshold",
    Metrics: [
      sum("total", total),
      sum("errors", errors),
      { Id: "rate", Expression: "100*(total-errors)/total", Label: options.label, ReturnData: true },
    ],
  });
}

export interface RawAnswer {
  status: number;
  headers: Headers;
  body: Buffer;
}

async function signedPost(endpoint: string, path: string, headers: Record<string, string>, body: Uint8Array) {
  const res = await signedFetch({ service: "monitoring", url: new URL(path, endpoint), headers, body });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

/**
 * Flattens a structure into query-protocol fields: lists as Name.member.N (an empty one as
 * "Name="), structures as Name.Field, dates as ISO 8601.
 */
export function queryFields(input: Record<string, unknown>, prefix = "", out = new URLSearchParams()) {
  for (const [key, value] of Object.entries(input)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.length === 0) out.append(name, "");
      value.forEach((item, i) => {
        const member = `${name}.member.${i + 1}`;
        if (item !== null && typeof item === "object" && !(item instanceof Date))
          queryFields(item as Record<string, unknown>, member, out);
        else out.append(member, item instanceof Date ? item.toISOString() : String(item));
      });
    } else if (value instanceof Date) {
      out.append(name, value.toISOString());
    } else if (value !== null && typeof value === "object") {
      queryFields(value as Record<string, unknown>, name, out);
    } else {
      out.append(name, String(value));
    }
  }
  return out;
}

/** A query-protocol call (Action=..., Version=2010-08-01), as the Terraform provider makes them. */
export function queryCall(operation: string, input: Record<string, unknown>, endpoint = emulatorUrl()) {
  const fields = queryFields(input);
  fields.set("Action", operation);
  fields.set("Version", "2010-08-01");
  return signedPost(
    endpoint,
    "/",
    { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
    Buffer.from(fields.toString()),
  );
}

export interface QueryAnswer {
  status: number;
  headers: Headers;
  /** The parsed XML body (the root element's content under its name). */
  body: Record<string, unknown>;
  text: string;
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", parseTagValue: false });

/** A query-protocol call with its XML answer parsed. */
export async function queryXml(
  operation: string,
  input: Record<string, unknown>,
  endpoint = emulatorUrl(),
): Promise<QueryAnswer> {
  const res = await queryCall(operation, input, endpoint);
  const text = res.body.toString("utf8");
  return { status: res.status, headers: res.headers, body: xml.parse(text) as Record<string, unknown>, text };
}

/** An XML list: <member> items, however many there are. */
export function members(list: unknown): unknown[] {
  if (list === undefined || list === null || list === "") return [];
  const member = (list as { member?: unknown }).member;
  if (member === undefined) return [];
  return Array.isArray(member) ? member : [member];
}

/** An rpc-v2-cbor call, as botocore makes them. */
export function cborCall(operation: string, input: Record<string, unknown>, endpoint = emulatorUrl()) {
  return signedPost(
    endpoint,
    `/service/GraniteServiceVersion20100801/operation/${operation}`,
    { "content-type": "application/cbor", accept: "application/cbor", "smithy-protocol": "rpc-v2-cbor" },
    cbor.serialize(input),
  );
}

/** Evaluates every alarm now, or as of `at`, instead of waiting for the schedule. */
export async function evaluate(
  endpoint: string,
  at?: Date,
): Promise<{ transitions: Array<Record<string, unknown>> }> {
  const query = at ? `?at=${encodeURIComponent(at.toISOString())}` : "";
  const res = await fetch(`${endpoint}/_darkroom/cloudwatch/evaluate${query}`, { method: "POST" });
  if (res.status !== 200) throw new Error(`evaluate answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { transitions: Array<Record<string, unknown>> };
}
