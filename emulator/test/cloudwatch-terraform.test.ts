import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DescribeAlarmsCommand,
  GetDashboardCommand,
  ListTagsForResourceCommand,
} from "@aws-sdk/client-cloudwatch";
import { afterAll, describe, expect, it } from "vitest";
import { emulatorUrl, uniqueName } from "./support/clients.ts";
import { cloudWatchClient } from "./support/cloudwatch.ts";
import { explain, localProviderHcl, terraform } from "./support/terraform.ts";

/**
 * The pipeline's monitoring as Terraform declares it: an Errors alarm on one function
 * (dimensions, tags), a success-rate metric-math alarm, a p95 latency alarm that treats
 * missing data as not breaching, a composite of the two, and a dashboard. `changed`
 * raises a threshold, rewrites the composite's rule and adds a widget.
 */
function config(changed: boolean): string {
  return `
${localProviderHcl(["cloudwatch", "sts"])}
resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name          = "\${var.name}-errors"
  alarm_description   = "The thumbnailer throws"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  threshold           = ${changed ? 5 : 3}
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = ["arn:aws:sns:us-east-1:000000000000:\${var.name}-alerts"]
  ok_actions          = ["arn:aws:sns:us-east-1:000000000000:\${var.name}-alerts"]

  dimensions = {
    FunctionName = "\${var.name}-thumbnailer"
  }

  tags = {
    Project = "darkroom"
  }
}

resource "aws_cloudwatch_metric_alarm" "success_rate" {
  alarm_name          = "\${var.name}-success-rate"
  comparison_operator = "LessThanThreshold"
  evaluation_periods  = 5
  datapoints_to_alarm = 3
  threshold           = 95

  metric_query {
    id          = "rate"
    expression  = "100*(total-errors)/total"
    label       = "Success rate"
    return_data = true
  }

  metric_query {
    id = "total"
    metric {
      namespace   = "AWS/Lambda"
      metric_name = "Invocations"
      period      = 60
      stat        = "Sum"
      dimensions = {
        FunctionName = "\${var.name}-thumbnailer"
      }
    }
  }

  metric_query {
    id = "errors"
    metric {
      namespace   = "AWS/Lambda"
      metric_name = "Errors"
      period      = 60
      stat        = "Sum"
      dimensions = {
        FunctionName = "\${var.name}-thumbnailer"
      }
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "latency" {
  alarm_name                            = "\${var.name}-latency"
  namespace                             = "AWS/Lambda"
  metric_name                           = "Duration"
  extended_statistic                    = "p95"
  unit                                  = "Milliseconds"
  period                                = 300
  evaluation_periods                    = 3
  threshold                             = 2500
  comparison_operator                   = "GreaterThanThreshold"
  treat_missing_data                    = "missing"
  evaluate_low_sample_count_percentiles = "ignore"
  actions_enabled                       = false
}

resource "aws_cloudwatch_composite_alarm" "pipeline" {
  alarm_name        = "\${var.name}-pipeline"
  alarm_description = "The pipeline is failing"
  alarm_rule        = "ALARM(\${aws_cloudwatch_metric_alarm.errors.alarm_name}) ${changed ? "AND" : "OR"} ALARM(\${aws_cloudwatch_metric_alarm.success_rate.alarm_name})"
  alarm_actions     = ["arn:aws:sns:us-east-1:000000000000:\${var.name}-alerts"]

  tags = {
    Project = "darkroom"
  }
}

resource "aws_cloudwatch_dashboard" "pipeline" {
  dashboard_name = "\${var.name}-pipeline"
  dashboard_body = jsonencode({
    widgets = [
      {
        type   = "metric"
        x      = 0
        y      = 0
        width  = 12
        height = 6
        properties = {
          metrics = [["AWS/Lambda", "Errors", "FunctionName", "\${var.name}-thumbnailer"]]
          region  = "us-east-1"
          stat    = "Sum"
          period  = 60
          title   = "Errors"
        }
      },
      {
        type   = "alarm"
        x      = 12
        y      = 0
        width  = 12
        height = 6
        properties = {
          alarms = [aws_cloudwatch_composite_alarm.pipeline.arn]
          title  = "Pipeline"
        }
      }${
        changed
          ? `,
      {
        type   = "text"
        x      = 0
        y      = 6
        width  = 24
        height = 2
        properties = {
          markdown = "Created by Terraform: do not edit in the console."
        }
      }`
          : ""
      }
    ]
  })
}
`;
}

/** Terraform AWS provider 5.100.0 creates the alarms and the dashboard, reads them back without a diff, updates and destroys them. */
describe("Terraform AWS provider 5.100.0 with CloudWatch alarms and dashboards", () => {
  const dir = mkdtempSync(join(tmpdir(), "darkroom-tf-cloudwatch-"));
  const name = uniqueName("darkroom-tf");
  const vars = ["-var", `endpoint=${emulatorUrl()}`, "-var", `name=${name}`];
  const cw = cloudWatchClient();

  afterAll(async () => {
    // Leave nothing behind even when an assertion failed midway.
    await terraform(dir, ["destroy", "-auto-approve", "-no-color", ...vars]);
    rmSync(dir, { recursive: true, force: true });
    cw.destroy();
  });

  it("applies, plans no changes, applies a change, plans no changes, destroys", {
    timeout: 600_000,
  }, async () => {
    writeFileSync(join(dir, "main.tf"), config(false));
    const init = await terraform(dir, ["init", "-no-color", "-input=false"]);
    expect(init.code, explain("init", init)).toBe(0);

    const apply = await terraform(dir, ["apply", "-auto-approve", "-no-color", ...vars]);
    expect(apply.code, explain("apply", apply)).toBe(0);
    expect(apply.stdout).toMatch(/Apply complete! Resources: 5 added, 0 changed, 0 destroyed/);

    const described = await cw.send(
      new DescribeAlarmsCommand({ AlarmNamePrefix: name, AlarmTypes: ["MetricAlarm", "CompositeAlarm"] }),
    );
    expect(described.MetricAlarms?.map((a) => a.AlarmName)).toEqual([
      `${name}-errors`,
      `${name}-latency`,
      `${name}-success-rate`,
    ]);
    // metric_query is a set: Terraform sends it in its own order.
    expect(described.MetricAlarms?.[2]?.Metrics?.map((m) => m.Id).sort()).toEqual([
      "errors",
      "rate",
      "total",
    ]);
    expect(described.CompositeAlarms?.[0]?.AlarmRule).toBe(
      `ALARM(${name}-errors) OR ALARM(${name}-success-rate)`,
    );
    const tags = await cw.send(
      new ListTagsForResourceCommand({ ResourceARN: described.MetricAlarms![0]!.AlarmArn }),
    );
    expect(tags.Tags).toEqual([{ Key: "Project", Value: "darkroom" }]);
    const dashboard = await cw.send(new GetDashboardCommand({ DashboardName: `${name}-pipeline` }));
    expect(JSON.parse(dashboard.DashboardBody!).widgets).toHaveLength(2);

    // -detailed-exitcode: 0 means no changes, 2 means the state drifted from what was applied.
    const plan = await terraform(dir, ["plan", "-detailed-exitcode", "-no-color", ...vars]);
    expect(plan.code, explain("plan", plan)).toBe(0);

    writeFileSync(join(dir, "main.tf"), config(true));
    const update = await terraform(dir, ["apply", "-auto-approve", "-no-color", ...vars]);
    expect(update.code, explain("apply (changed)", update)).toBe(0);
    expect(update.stdout).toMatch(/Apply complete! Resources: 0 added, 3 changed, 0 destroyed/);

    const replan = await terraform(dir, ["plan", "-detailed-exitcode", "-no-color", ...vars]);
    expect(replan.code, explain("plan (changed)", replan)).toBe(0);

    const destroy = await terraform(dir, ["destroy", "-auto-approve", "-no-color", ...vars]);
    expect(destroy.code, explain("destroy", destroy)).toBe(0);
    expect(destroy.stdout).toMatch(/Destroy complete! Resources: 5 destroyed/);
    const left = await cw.send(
      new DescribeAlarmsCommand({ AlarmNamePrefix: name, AlarmTypes: ["MetricAlarm", "CompositeAlarm"] }),
    );
    expect([...(left.MetricAlarms ?? []), ...(left.CompositeAlarms ?? [])]).toEqual([]);
  });
});
