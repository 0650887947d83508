import {
  type CloudWatchClient,
  DeleteDashboardsCommand,
  GetDashboardCommand,
  ListDashboardsCommand,
  ListTagsForResourceCommand,
  PutDashboardCommand,
  TagResourceCommand,
} from "@aws-sdk/client-cloudwatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueName } from "./support/clients.ts";
import { cloudWatchClient, queryCall } from "./support/cloudwatch.ts";
import { expectAwsError } from "./support/expect-aws-error.ts";

/** Dashboards on the shared emulator: global per account, bodies validated as AWS does. */

let cw: CloudWatchClient;
beforeAll(() => {
  cw = cloudWatchClient();
});
afterAll(() => cw.destroy());

const body = (widgets: unknown[]) => JSON.stringify({ widgets });
const metricWidget = {
  type: "metric",
  x: 0,
  y: 0,
  width: 12,
  height: 6,
  properties: {
    metrics: [["AWS/Lambda", "Errors", "FunctionName", "thumbnailer"]],
    region: "us-east-1",
    stat: "Sum",
  },
};

describe("dashboards", () => {
  it("puts, gets, lists by prefix and pages, and deletes", async () => {
    const prefix = uniqueName("dash");
    const text = body([
      metricWidget,
      { type: "text", x: 0, y: 6, width: 24, height: 2, properties: { markdown: "hi" } },
    ]);
    const put = await cw.send(new PutDashboardCommand({ DashboardName: `${prefix}-a`, DashboardBody: text }));
    expect(put.DashboardValidationMessages).toEqual([]);
    await cw.send(new PutDashboardCommand({ DashboardName: `${prefix}-b`, DashboardBody: body([]) }));

    const got = await cw.send(new GetDashboardCommand({ DashboardName: `${prefix}-a` }));
    expect(got).toMatchObject({
      DashboardName: `${prefix}-a`,
      DashboardArn: `arn:aws:cloudwatch::000000000000:dashboard/${prefix}-a`,
      DashboardBody: text,
    });
    const listed = await cw.send(new ListDashboardsCommand({ DashboardNamePrefix: prefix }));
    expect(listed.DashboardEntries?.map((d) => [d.DashboardName, d.Size])).toEqual([
      [`${prefix}-a`, Buffer.byteLength(text)],
      [`${prefix}-b`, Buffer.byteLength(body([]))],
    ]);
    expect(listed.DashboardEntries?.[0]?.LastModified).toBeInstanceOf(Date);
    expect(
      (await cw.send(new ListDashboardsCommand({ DashboardNamePrefix: `${prefix}-z` }))).DashboardEntries,
    ).toEqual([]);

    await expectAwsError(
      cw.send(new DeleteDashboardsCommand({ DashboardNames: [`${prefix}-a`, `${prefix}-missing`] })),
      "ResourceNotFound",
      404,
      `The specified dashboard does not exist. [${prefix}-missing]`,
    );
    // As many as exist were deleted.
    await expectAwsError(
      cw.send(new GetDashboardCommand({ DashboardName: `${prefix}-a` })),
      "ResourceNotFound",
      404,
    );
    await cw.send(new DeleteDashboardsCommand({ DashboardNames: [`${prefix}-b`] }));
    expect(
      (await cw.send(new ListDashboardsCommand({ DashboardNamePrefix: prefix }))).DashboardEntries,
    ).toEqual([]);
  });

  it("validates the name and the body with AWS's messages", async () => {
    await expectAwsError(
      cw.send(new PutDashboardCommand({ DashboardName: "has space", DashboardBody: body([]) })),
      "InvalidParameterValue",
      400,
      "The value for field DashboardName contains invalid characters. It can only contain alphanumerics, dash (-) and underscore (_).\n",
    );
    const name = uniqueName("dash-bad");
    await expectAwsError(
      cw.send(new PutDashboardCommand({ DashboardName: name, DashboardBody: "{}" })),
      "InvalidParameterInput",
      400,
      'The dashboard body is invalid, there are 1 validation errors:\n[\n  {\n    "dataPath": "",\n    "message": "Should have required property \'widgets\'"\n  }\n]',
    );
    const err = await expectAwsError(
      cw.send(
        new PutDashboardCommand({
          DashboardName: name,
          DashboardBody: body([{ type: "metric", properties: { region: "us-east-1" } }, { type: "chart" }]),
        }),
      ),
      "InvalidParameterInput",
      400,
    );
    expect(err.message).toMatch(/^The dashboard body is invalid, there are 4 validation errors:\n/);
    expect(JSON.parse(err.message.slice(err.message.indexOf("\n") + 1))).toEqual([
      { dataPath: "/widgets/0/properties", message: "Should have required property 'metrics'" },
      {
        dataPath: "/widgets/0/properties",
        message: "The metric widget should have specified a region and a data source or an alarm annotation",
      },
      { dataPath: "/widgets/0/properties", message: "Should have required property 'annotations'" },
      { dataPath: "/widgets/1/type", message: "Should be equal to one of the allowed values" },
    ]);
    // The query protocol answers the same code, as Terraform sees it.
    const viaQuery = await queryCall("PutDashboard", { DashboardName: name, DashboardBody: "[]" });
    expect(viaQuery.status).toBe(400);
    expect(viaQuery.body.toString()).toContain("<Code>InvalidParameterInput</Code>");
    await expectAwsError(cw.send(new GetDashboardCommand({ DashboardName: name })), "ResourceNotFound", 404);
  });

  it("keeps the tags given at creation and takes more through TagResource", async () => {
    const name = uniqueName("dash-tags");
    const arn = `arn:aws:cloudwatch::000000000000:dashboard/${name}`;
    await cw.send(
      new PutDashboardCommand({
        DashboardName: name,
        DashboardBody: body([]),
        Tags: [{ Key: "team", Value: "images" }],
      }),
    );
    // Tags on an update are ignored, as on AWS.
    await cw.send(
      new PutDashboardCommand({
        DashboardName: name,
        DashboardBody: body([]),
        Tags: [{ Key: "team", Value: "other" }],
      }),
    );
    await cw.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: "stage", Value: "dev" }] }));
    expect((await cw.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags).toEqual([
      { Key: "team", Value: "images" },
      { Key: "stage", Value: "dev" },
    ]);
    await cw.send(new DeleteDashboardsCommand({ DashboardNames: [name] }));
    await expectAwsError(
      cw.send(new ListTagsForResourceCommand({ ResourceARN: arn })),
      "ResourceNotFoundException",
      404,
    );
  });
});
