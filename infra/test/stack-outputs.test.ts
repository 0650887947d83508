import { DEFAULT_MAX_UPLOAD_BYTES } from "@darkroom/image-record";
import { describe, expect, it } from "vitest";
import { readStackOutputs, stackResources } from "../../admin/server/src/settings/stack-resources.ts";
import { ALERT_TOPICS } from "../alerts.ts";
import { outputValues, type StackOutputs, stackOutputsSchema } from "../deploy/stack-outputs.ts";
import { resolveRefs, resources, synthTarget } from "./support/synth.ts";

const ENV = { DARKROOM_NAME_PREFIX: "acme-dr", DARKROOM_REGION: "eu-west-1" };
const ACCOUNT = "123456789012";

/**
 * What the admin backend needs on the `aws` target comes from the stack's outputs alone: it
 * runs elsewhere (a laptop, a container) with DARKROOM_STACK_OUTPUTS, maybe without the
 * deploy's DARKROOM_NAME_PREFIX or DARKROOM_REGION.
 */
describe("the aws stack's outputs", () => {
  const { json } = synthTarget("aws", { env: ENV });
  const value = (name: string): unknown => json.output[name]?.value;

  /** What `terraform output -json` would print once applied: references resolved, ARNs made. */
  function applied(): StackOutputs {
    const topicArn = (ref: unknown) => {
      const match = /^\$\{aws_sns_topic\.([^.]+)\.arn\}$/.exec(String(ref));
      const name = match?.[1] ? json.resource.aws_sns_topic?.[match[1]]?.name : undefined;
      if (typeof name !== "string") throw new Error(`${String(ref)} is not a topic's ARN`);
      return `arn:aws:sns:eu-west-1:${ACCOUNT}:${name}`;
    };
    const values: Record<string, unknown> = {};
    for (const [name, output] of Object.entries(json.output)) {
      const raw: unknown = output.value;
      if (name === "alert_topic_arns") {
        values[name] = Object.fromEntries(
          Object.entries(raw as Record<string, unknown>).map(([t, ref]) => [t, topicArn(ref)]),
        );
      } else if (name === "log_groups") {
        values[name] = Object.fromEntries(
          Object.entries(raw as Record<string, string>).map(([k, ref]) => [k, resolveRefs(json, ref)]),
        );
      } else if (typeof raw === "number") {
        values[name] = raw;
      } else if (name === "api_url" || name === "cdn_url") {
        values[name] = "https://example.lambda-url.eu-west-1.on.aws/";
      } else {
        values[name] = resolveRefs(json, String(raw));
      }
    }
    return stackOutputsSchema.parse(values);
  }

  it("declares every output the schema reads, and nothing it does not", () => {
    expect(Object.keys(json.output).sort()).toEqual(Object.keys(stackOutputsSchema.shape).sort());
  });

  it("names the stack's prefix, region, the functions' log groups and the alert topics", () => {
    expect(value("name_prefix")).toBe("acme-dr");
    expect(value("region")).toBe("eu-west-1");
    const outputs = applied();
    const logGroups = resources(json, "aws_cloudwatch_log_group").map(([, group]) => group.name);
    expect(Object.values(outputs.log_groups ?? {}).sort()).toEqual(logGroups.sort());
    expect(outputs.log_groups).toEqual({
      processor: "/aws/lambda/acme-dr-processor",
      api: "/aws/lambda/acme-dr-api",
    });
    expect(outputs.alert_topic_arns).toEqual(
      Object.fromEntries(
        ALERT_TOPICS.map((t) => [t, `arn:aws:sns:eu-west-1:${ACCOUNT}:acme-dr-${t}-alerts`]),
      ),
    );
  });

  it("give the admin backend the deployed names even when its own DARKROOM_NAME_PREFIX differs", () => {
    const stack = stackResources(applied(), { namePrefix: "darkroom", maxUploadBytes: 1 });
    const alarms = resources(json, "aws_cloudwatch_metric_alarm").map(([, alarm]) =>
      String(alarm.alarm_name),
    );
    expect(alarms.length).toBeGreaterThan(0);
    expect(alarms.every((name) => name.startsWith(stack.alarmPrefix))).toBe(true);
    const topics = resources(json, "aws_sns_topic").map(([, topic]) => topic.name);
    expect(Object.values(stack.topicNames).sort()).toEqual(topics.sort());
    expect(stack.topicArns?.critical).toBe(`arn:aws:sns:eu-west-1:${ACCOUNT}:acme-dr-critical-alerts`);
    expect(stack.logGroups.processor).toBe("/aws/lambda/acme-dr-processor");
    expect(stack.cdnUrl).toMatch(/^https:\/\//);
    // The stack's upload limit, not the backend's setting (1 here).
    expect(stack.maxUploadBytes).toBe(DEFAULT_MAX_UPLOAD_BYTES);
  });

  it("are read from DARKROOM_STACK_OUTPUTS as `terraform output -json` prints them, or as values", () => {
    const outputs = applied();
    const printed = Object.fromEntries(
      Object.entries(outputs).map(([name, v]) => [name, { value: v, type: "string", sensitive: false }]),
    );
    const settings = { target: "aws" as const };
    expect(readStackOutputs({ ...settings, stackOutputsJson: JSON.stringify(printed) })).toEqual(outputs);
    expect(readStackOutputs({ ...settings, stackOutputsJson: JSON.stringify(outputs) })).toEqual(outputs);
    expect(outputValues(printed)).toEqual(outputs);
    expect(() =>
      readStackOutputs({ ...settings, stackOutputsJson: JSON.stringify({ api_url: { value: "x" } }) }),
    ).toThrow(/DARKROOM_STACK_OUTPUTS:\n.*api_url/s);
  });
});

describe("a local stack without monitoring", () => {
  it("has no alert topics to output; the admin derives their names from the prefix", () => {
    const { json } = synthTarget("local", { monitoring: false });
    expect(json.output.alert_topic_arns).toBeUndefined();
    expect(json.output.log_groups?.value).toBeDefined();
  });
});
