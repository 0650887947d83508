import { z } from "zod";
import { invalidParameter } from "./errors.ts";

/**
 * HTTP/S delivery policies: the topic's (DeliveryPolicy {"http": ...}), the subscription's,
 * what GetTopicAttributes / GetSubscriptionAttributes report of them, and the retry
 * schedule they make. Only HTTP/S policies can be changed on AWS; other protocols' retries
 * are not the emulator's (Lambda's Event queue retries on its own).
 */

const BACKOFF = ["linear", "arithmetic", "geometric", "exponential"] as const;

const count = z.number().int().min(0);
const retryPolicySchema = z.object({
  minDelayTarget: z.number().int().optional(),
  maxDelayTarget: z.number().int().optional(),
  numRetries: count.optional(),
  numNoDelayRetries: count.optional(),
  numMinDelayRetries: count.optional(),
  numMaxDelayRetries: count.optional(),
  backoffFunction: z.enum(BACKOFF).optional(),
});
const throttleSchema = z.object({ maxReceivesPerSecond: z.number().int().min(1) });
const requestSchema = z.object({ headerContentType: z.string().min(1) });

const topicPolicySchema = z.object({
  http: z
    .object({
      defaultHealthyRetryPolicy: retryPolicySchema.optional(),
      defaultSicklyRetryPolicy: retryPolicySchema.nullable().optional(),
      defaultThrottlePolicy: throttleSchema.optional(),
      defaultRequestPolicy: requestSchema.optional(),
      disableSubscriptionOverrides: z.boolean().optional(),
    })
    .optional(),
});
const subscriptionPolicySchema = z.object({
  healthyRetryPolicy: retryPolicySchema.nullable().optional(),
  sicklyRetryPolicy: retryPolicySchema.nullable().optional(),
  throttlePolicy: throttleSchema.nullable().optional(),
  requestPolicy: requestSchema.nullable().optional(),
  guaranteed: z.boolean().optional(),
});

export interface RetryPolicy {
  minDelayTarget: number;
  maxDelayTarget: number;
  numRetries: number;
  numMaxDelayRetries: number;
  numNoDelayRetries: number;
  numMinDelayRetries: number;
  backoffFunction: (typeof BACKOFF)[number];
}

export const DEFAULT_CONTENT_TYPE = "text/plain; charset=UTF-8";

/** AWS's default for HTTP/S: three retries, 20 seconds apart. Keys in AWS's order. */
function filled(p: z.infer<typeof retryPolicySchema> = {}): RetryPolicy {
  return {
    minDelayTarget: p.minDelayTarget ?? 20,
    maxDelayTarget: p.maxDelayTarget ?? 20,
    numRetries: p.numRetries ?? 3,
    numMaxDelayRetries: p.numMaxDelayRetries ?? 0,
    numNoDelayRetries: p.numNoDelayRetries ?? 0,
    numMinDelayRetries: p.numMinDelayRetries ?? 0,
    backoffFunction: p.backoffFunction ?? "linear",
  };
}

const MAX_RETRIES = 100;
const MAX_TOTAL_SECONDS = 3600;

/** AWS's limits on a retry policy; `where` names it in the message. */
function checkRetryPolicy(p: RetryPolicy, where: string): void {
  const fail = (what: string) => invalidParameter(`Invalid parameter: DeliveryPolicy: ${where}.${what}`);
  if (p.numRetries > MAX_RETRIES) throw fail(`numRetries must be at most ${MAX_RETRIES}`);
  if (p.minDelayTarget < 1) throw fail("minDelayTarget must be at least 1");
  if (p.maxDelayTarget < p.minDelayTarget) throw fail("maxDelayTarget must be at least minDelayTarget");
  if (p.maxDelayTarget > MAX_TOTAL_SECONDS) throw fail(`maxDelayTarget must be at most ${MAX_TOTAL_SECONDS}`);
  if (p.numNoDelayRetries + p.numMinDelayRetries + p.numMaxDelayRetries > p.numRetries) {
    throw fail("numRetries must be at least numNoDelayRetries + numMinDelayRetries + numMaxDelayRetries");
  }
  const total = retryDelaysMs(p).reduce((a, b) => a + b, 0) / 1000;
  if (total > MAX_TOTAL_SECONDS) throw fail(`total retry time must be at most ${MAX_TOTAL_SECONDS} seconds`);
}

function parseJson<T>(text: string, schema: z.ZodType<T>): T {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw invalidParameter(
      `Invalid parameter: DeliveryPolicy: failed to parse JSON. ${(err as Error).message}`,
    );
  }
  const parsed = schema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalidParameter(`Invalid parameter: DeliveryPolicy: ${issue.path.join(".")} ${issue.message}`);
  }
  return parsed.data;
}

export type TopicDeliveryPolicy = z.infer<typeof topicPolicySchema>;
export type SubscriptionDeliveryPolicy = z.infer<typeof subscriptionPolicySchema>;

/** Validates a topic's DeliveryPolicy; AWS keeps the text as sent. */
export function parseTopicDeliveryPolicy(text: string): TopicDeliveryPolicy {
  const policy = parseJson(text, topicPolicySchema);
  if (policy.http?.defaultHealthyRetryPolicy) {
    checkRetryPolicy(filled(policy.http.defaultHealthyRetryPolicy), "http.defaultHealthyRetryPolicy");
  }
  return policy;
}

export function parseSubscriptionDeliveryPolicy(text: string): SubscriptionDeliveryPolicy {
  const policy = parseJson(text, subscriptionPolicySchema);
  if (policy.healthyRetryPolicy) checkRetryPolicy(filled(policy.healthyRetryPolicy), "healthyRetryPolicy");
  return policy;
}

function topicPolicyOf(text: string | undefined): TopicDeliveryPolicy {
  if (!text) return {};
  try {
    return parseTopicDeliveryPolicy(text);
  } catch {
    return {};
  }
}

function subscriptionPolicyOf(text: string | undefined): SubscriptionDeliveryPolicy {
  if (!text) return {};
  try {
    return parseSubscriptionDeliveryPolicy(text);
  } catch {
    return {};
  }
}

/** The topic's EffectiveDeliveryPolicy: its http settings over AWS's defaults. */
export function effectiveTopicDeliveryPolicy(text: string | undefined): string {
  const http = topicPolicyOf(text).http ?? {};
  return JSON.stringify({
    http: {
      defaultHealthyRetryPolicy: filled(http.defaultHealthyRetryPolicy),
      ...(http.defaultThrottlePolicy ? { defaultThrottlePolicy: http.defaultThrottlePolicy } : {}),
      disableSubscriptionOverrides: http.disableSubscriptionOverrides ?? false,
      defaultRequestPolicy: http.defaultRequestPolicy ?? { headerContentType: DEFAULT_CONTENT_TYPE },
    },
  });
}

/** A subscription's DeliveryPolicy as AWS reports it back: every part, null where unset. */
export function subscriptionDeliveryPolicyView(text: string): string {
  const p = subscriptionPolicyOf(text);
  return JSON.stringify({
    healthyRetryPolicy: p.healthyRetryPolicy ? filled(p.healthyRetryPolicy) : null,
    sicklyRetryPolicy: null,
    throttlePolicy: p.throttlePolicy ?? null,
    requestPolicy: p.requestPolicy ?? null,
    guaranteed: p.guaranteed ?? false,
  });
}

export interface EffectiveHttpPolicy {
  healthyRetryPolicy: RetryPolicy;
  throttlePolicy: { maxReceivesPerSecond: number } | null;
  requestPolicy: { headerContentType: string };
}

/**
 * What an HTTP/S delivery follows: the subscription's own settings, else the topic's
 * defaults (the topic's win throughout when it disables subscription overrides).
 */
export function effectiveHttpPolicy(
  topicPolicy: string | undefined,
  subscriptionPolicy: string | undefined,
): EffectiveHttpPolicy {
  const http = topicPolicyOf(topicPolicy).http ?? {};
  const sub = http.disableSubscriptionOverrides ? {} : subscriptionPolicyOf(subscriptionPolicy);
  return {
    healthyRetryPolicy: filled(sub.healthyRetryPolicy ?? http.defaultHealthyRetryPolicy),
    throttlePolicy: sub.throttlePolicy ?? http.defaultThrottlePolicy ?? null,
    requestPolicy: sub.requestPolicy ??
      http.defaultRequestPolicy ?? { headerContentType: DEFAULT_CONTENT_TYPE },
  };
}

/** A subscription's EffectiveDeliveryPolicy attribute. */
export function effectiveSubscriptionDeliveryPolicy(
  topicPolicy: string | undefined,
  subscriptionPolicy: string | undefined,
): string {
  const p = effectiveHttpPolicy(topicPolicy, subscriptionPolicy);
  return JSON.stringify({
    healthyRetryPolicy: p.healthyRetryPolicy,
    sicklyRetryPolicy: null,
    throttlePolicy: p.throttlePolicy,
    requestPolicy: p.requestPolicy,
    guaranteed: false,
  });
}

/**
 * The wait before each retry, in AWS's four phases: immediate retries, retries at the
 * minimum delay, the backoff phase from minimum to maximum, then retries at the maximum.
 * The backoff curves follow the functions' names; AWS's exact curves and jitter are not
 * published, so they are approximations.
 */
export function retryDelaysMs(p: RetryPolicy): number[] {
  const delays: number[] = [];
  for (let i = 0; i < p.numNoDelayRetries; i++) delays.push(0);
  for (let i = 0; i < p.numMinDelayRetries; i++) delays.push(p.minDelayTarget);
  const backoff = Math.max(
    0,
    p.numRetries - p.numNoDelayRetries - p.numMinDelayRetries - p.numMaxDelayRetries,
  );
  for (let i = 1; i <= backoff; i++)
    delays.push(backoffDelay(p, backoff === 1 ? 1 : (i - 1) / (backoff - 1)));
  for (let i = 0; i < p.numMaxDelayRetries; i++) delays.push(p.maxDelayTarget);
  return delays.map((s) => Math.round(s * 1000));
}

/** The delay at `t` (0 = first backoff retry, 1 = last), in seconds. */
function backoffDelay(p: RetryPolicy, t: number): number {
  const { minDelayTarget: min, maxDelayTarget: max } = p;
  switch (p.backoffFunction) {
    case "linear":
      return min + (max - min) * t;
    case "arithmetic":
      return min + (max - min) * t * t;
    case "geometric":
      return min * (max / min) ** t;
    case "exponential":
      return min + ((max - min) * (2 ** (8 * t) - 1)) / (2 ** 8 - 1);
  }
}
