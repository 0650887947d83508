import { describe, expect, it } from "vitest";
import { loadConfig as loadProcessorConfig } from "../../lambdas/processor/src/config.ts";
import { METRICS } from "../../lambdas/processor/src/powertools-telemetry.ts";
import { LOCAL_ALERT_INBOX } from "../alerts.ts";
import { LOG_METRICS } from "../log-metrics.ts";
import {
  type Block,
  block,
  first,
  ref,
  resolveRefs,
  resources,
  resourceWhere,
  synthTarget,
  type TerraformJson,
} from "./support/synth.ts";

/** The 12 alarms, each with the topic it alerts and its default threshold. */
const ALARMS: Record<string, { topic: "critical" | "performance" | "log"; threshold: number }> = {
  "high-error-rate": { topic: "critical", threshold: 5 },
  "high-duration": { topic: "performance", threshold: 33_750 }, // 75% of 45 s, in ms
  throttles: { topic: "performance", threshold: 1 },
  "high-concurrency": { topic: "performance", threshold: 50 },
  "log-errors": { topic: "log", threshold: 10 },
  "low-success-rate": { topic: "critical", threshold: 90 },
  "timeout-errors": { topic: "performance", threshold: 1 },
  "memory-errors": { topic: "performance", threshold: 1 },
  "image-processing-errors": { topic: "log", threshold: 5 },
  "s3-permission-errors": { topic: "critical", threshold: 1 },
  "critical-errors": { topic: "critical", threshold: 1 },
  "large-images": { topic: "log", threshold: 20 },
};

/** The log-based alarms and the metric each counts. */
const LOG_ALARM_METRICS: Record<string, string> = {
  "log-errors": "LogErrors",
  "timeout-errors": "TimeoutErrors",
  "memory-errors": "MemoryErrors",
  "image-processing-errors": "ImageProcessingErrors",
  "s3-permission-errors": "S3PermissionErrors",
  "critical-errors": "CriticalErrors",
  "large-images": "LargeImages",
};

function alarm(json: TerraformJson, name: string): Block {
  return resourceWhere(json, "aws_cloudwatch_metric_alarm", "alarm_name", `darkroom-${name}`)[1];
}

function topicRef(json: TerraformJson, topic: string): string {
  const [name] = resourceWhere(json, "aws_sns_topic", "name", `darkroom-${topic}-alerts`);
  return ref("aws_sns_topic", name, "arn");
}

/** The processor's config as deployed: where its EMF metrics go. */
function processorConfig(json: TerraformJson) {
  const [, fn] = resourceWhere(json, "aws_lambda_function", "function_name", "darkroom-processor");
  const variables = block(first(fn.environment).variables);
  return loadProcessorConfig(
    Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, resolveRefs(json, String(v))])),
  );
}

describe("monitoring", () => {
  const { json } = synthTarget("local", {
    monitoring: true,
    env: { DARKROOM_ALERT_EMAILS: "a@example.com,b@example.com" },
  });

  it("has exactly the 12 alarms, each to its topic on alarm and on recovery", () => {
    const names = resources(json, "aws_cloudwatch_metric_alarm").map(([, body]) => body.alarm_name);
    expect([...names].sort()).toEqual(
      Object.keys(ALARMS)
        .map((name) => `darkroom-${name}`)
        .sort(),
    );
    for (const [name, { topic, threshold }] of Object.entries(ALARMS)) {
      const body = alarm(json, name);
      expect(body.threshold, name).toBe(threshold);
      expect(body.alarm_actions, name).toEqual([topicRef(json, topic)]);
      expect(body.ok_actions, name).toEqual([topicRef(json, topic)]);
      expect(body.treat_missing_data, name).toBe("notBreaching");
    }
  });

  it("watches the processor's Lambda metrics", () => {
    const dimensions = { FunctionName: "darkroom-processor" };
    expect(alarm(json, "high-error-rate")).toMatchObject({
      metric_name: "Errors",
      statistic: "Sum",
      dimensions,
    });
    expect(alarm(json, "high-duration")).toMatchObject({
      metric_name: "Duration",
      comparison_operator: "GreaterThanThreshold",
      dimensions,
    });
    expect(alarm(json, "throttles")).toMatchObject({ metric_name: "Throttles", dimensions });
    expect(alarm(json, "high-concurrency")).toMatchObject({
      metric_name: "ConcurrentExecutions",
      statistic: "Maximum",
      dimensions,
    });
  });

  it("computes the success rate from the processor's EMF metrics, where the processor puts them", () => {
    const body = alarm(json, "low-success-rate");
    expect(body.comparison_operator).toBe("LessThanThreshold");
    const queries = (body.metric_query as Block[]).map((query) => query);
    const expression = queries.find((query) => query.return_data === true);
    expect(expression?.expression).toMatch(/^100 \* FILL\(success, 0\) \/ finished$/);
    const deployed = processorConfig(json);
    for (const [id, metricName] of [
      ["success", METRICS.success],
      ["finished", METRICS.imagesProcessed],
    ]) {
      const query = queries.find((q) => q.id === id);
      expect(first(query?.metric)).toEqual({
        namespace: deployed.metricsNamespace,
        metric_name: metricName,
        dimensions: { service: deployed.serviceName },
        stat: "Sum",
        period: 300,
      });
    }
  });

  it("counts the log-based alarms' metrics with filters on the processor's log group", () => {
    const [group] = resourceWhere(json, "aws_cloudwatch_log_group", "name", "/aws/lambda/darkroom-processor");
    const filters = resources(json, "aws_cloudwatch_log_metric_filter").map(([, body]) => body);
    for (const filter of filters) {
      expect(filter.log_group_name).toBe(ref("aws_cloudwatch_log_group", group, "name"));
    }
    for (const [name, metricName] of Object.entries(LOG_ALARM_METRICS)) {
      const body = alarm(json, name);
      const feeding = filters.filter((filter) => first(filter.metric_transformation).name === metricName);
      expect(feeding.length, name).toBeGreaterThan(0);
      for (const filter of feeding) {
        expect(first(filter.metric_transformation), name).toMatchObject({
          namespace: body.namespace,
          value: "1",
        });
      }
      expect(body).toMatchObject({ metric_name: metricName, statistic: "Sum" });
    }
  });

  it("has the metric filter patterns of log-metrics.ts", () => {
    const patterns = resources(json, "aws_cloudwatch_log_metric_filter").map(
      ([, body]) => `${first(body.metric_transformation).name}: ${body.pattern}`,
    );
    expect(patterns.sort()).toEqual(
      Object.values(LOG_METRICS)
        .flatMap(({ metricName, patterns }) => patterns.map((pattern) => `${metricName}: ${pattern}`))
        .sort(),
    );
    expect(patterns).toEqual(
      expect.arrayContaining([
        'LogErrors: { $.level = "ERROR" || $.level = "CRITICAL" }',
        'CriticalErrors: { $.level = "CRITICAL" }',
        'ImageProcessingErrors: { $.event = "ImageProcessingFailed" }',
        'S3PermissionErrors: { $.event = "S3AccessDenied" }',
        'LargeImages: { $.event = "LargeImage" }',
        'TimeoutErrors: { $.event = "ProcessingTimeout" }',
      ]),
    );
  });

  it("has three topics, each with the configured email subscriptions", () => {
    const topics = resources(json, "aws_sns_topic").map(([, body]) => body.name);
    expect(topics.sort()).toEqual([
      "darkroom-critical-alerts",
      "darkroom-log-alerts",
      "darkroom-performance-alerts",
    ]);
    const subscriptions = resources(json, "aws_sns_topic_subscription").map(([, body]) => body);
    for (const topic of ["critical", "performance", "log"]) {
      const emails = subscriptions
        .filter((s) => s.topic_arn === topicRef(json, topic))
        .map((s) => `${s.protocol}:${s.endpoint}`);
      // Locally, the console's inbox too: the emulator keeps what SNS sends it.
      expect(emails.sort(), topic).toEqual([
        "email-json:console@darkroom.localhost",
        "email:a@example.com",
        "email:b@example.com",
      ]);
    }
  });

  it("subscribes the console's inbox on the local target only", () => {
    for (const target of ["localstack", "aws"] as const) {
      const { json } = synthTarget(target, { env: { DARKROOM_ALERT_EMAILS: "a@example.com" } });
      const endpoints = resources(json, "aws_sns_topic_subscription").map(([, body]) => body.endpoint);
      expect(endpoints, target).toEqual(["a@example.com", "a@example.com", "a@example.com"]);
    }
    const local = resources(synthTarget("local").json, "aws_sns_topic_subscription").map(([, b]) => b);
    expect(local.map((s) => `${s.protocol}:${s.endpoint}`)).toEqual(
      Array(3).fill(`email-json:${LOCAL_ALERT_INBOX}`),
    );
  });

  it("has a dashboard of both functions and every alarm", () => {
    const [[, dashboard] = ["", {}]] = resources(json, "aws_cloudwatch_dashboard");
    const body = JSON.parse(String(dashboard.dashboard_body)) as {
      widgets: { type: string; properties: Block }[];
    };
    const text = JSON.stringify(body);
    expect(text).toContain('"FunctionName","darkroom-processor"');
    expect(text).toContain('"FunctionName","darkroom-api"');
    const alarms = body.widgets.find((widget) => widget.type === "alarm")?.properties.alarms;
    const arns = resources(json, "aws_cloudwatch_metric_alarm").map(([name]) =>
      ref("aws_cloudwatch_metric_alarm", name, "arn"),
    );
    expect([...(alarms as string[])].sort()).toEqual(arns.sort());
  });

  it("takes thresholds from the config; high-duration follows the timeout", () => {
    const custom = synthTarget("local", {
      monitoring: true,
      env: {
        DARKROOM_PROCESSOR_TIMEOUT_SECONDS: "40",
        DARKROOM_ALARM_DURATION_PERCENT: "50",
        DARKROOM_ALARM_ERRORS: "3",
        DARKROOM_ALARM_SUCCESS_RATE_PERCENT: "99",
        DARKROOM_ALARM_LARGE_IMAGES: "100",
        DARKROOM_ALARM_PERIOD_SECONDS: "60",
      },
    }).json;
    expect(alarm(custom, "high-duration")).toMatchObject({ threshold: 20_000, period: 60 });
    expect(alarm(custom, "high-error-rate").threshold).toBe(3);
    expect(alarm(custom, "low-success-rate").threshold).toBe(99);
    expect(alarm(custom, "large-images").threshold).toBe(100);
  });

  it("is on for every target by default, and DARKROOM_LOCAL_MONITORING=false leaves it out locally", () => {
    const monitoringTypes = [
      "aws_cloudwatch_metric_alarm",
      "aws_cloudwatch_log_metric_filter",
      "aws_cloudwatch_dashboard",
      "aws_sns_topic",
    ];
    for (const target of ["local", "localstack", "aws"] as const) {
      const { json } = synthTarget(target);
      expect(resources(json, "aws_cloudwatch_metric_alarm"), target).toHaveLength(12);
      expect(resources(json, "aws_sns_topic"), target).toHaveLength(3);
      expect(resources(json, "aws_cloudwatch_dashboard"), target).toHaveLength(1);
    }
    const switchedOff = synthTarget("local", { env: { DARKROOM_LOCAL_MONITORING: "false" } }).json;
    for (const type of monitoringTypes) expect(resources(switchedOff, type), type).toEqual([]);
  });
});
