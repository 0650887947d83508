import { z } from "zod";
import type { RequestContext } from "../../../gateway/context.ts";
import { AwsError } from "../../../protocol/aws-error.ts";
import { list, nextToken, tags, text } from "../fields.ts";
import { validateDashboardBody } from "./body-validation.ts";
import { dashboardArn, dashboardTable } from "./tables.ts";

/** PutDashboard, GetDashboard, ListDashboards and DeleteDashboards. */

const NAME = /^[A-Za-z0-9_-]+$/;
const PAGE = 1000;

export const dashboardSchemas = {
  PutDashboard: z.object({ DashboardName: text(), DashboardBody: text(), Tags: tags.optional() }),
  GetDashboard: z.object({ DashboardName: text() }),
  ListDashboards: z.object({ DashboardNamePrefix: text().optional(), NextToken: nextToken.optional() }),
  DeleteDashboards: z.object({ DashboardNames: list(text()) }),
};
type Input<K extends keyof typeof dashboardSchemas> = z.infer<(typeof dashboardSchemas)[K]>;

function invalidValue(message: string): AwsError {
  return new AwsError("InvalidParameterValue", message, 400, { shape: "InvalidParameterValueException" });
}

function checkName(name: string): void {
  if (!NAME.test(name) || name.length > 255) {
    throw invalidValue(
      "The value for field DashboardName contains invalid characters. It can only contain alphanumerics, dash (-) and underscore (_).\n",
    );
  }
}

function notFound(message: string): AwsError {
  return new AwsError("ResourceNotFound", message, 404, { shape: "DashboardNotFoundError" });
}

export const dashboardOperations = {
  PutDashboard(input: Input<"PutDashboard">, ctx: RequestContext) {
    checkName(input.DashboardName);
    const problems = validateDashboardBody(input.DashboardBody);
    if (problems.length > 0) {
      throw new AwsError(
        "InvalidParameterInput",
        `The dashboard body is invalid, there are ${problems.length} validation errors:\n${JSON.stringify(problems, null, 2)}`,
        400,
        { shape: "DashboardInvalidInputError" },
      );
    }
    const table = dashboardTable(ctx.runtime.store, ctx.accountId);
    const existing = table.get(input.DashboardName);
    // Tags apply only when the dashboard is created; TagResource changes them later.
    table.set(input.DashboardName, {
      name: input.DashboardName,
      body: input.DashboardBody,
      lastModified: Date.now(),
      tags: existing?.tags ?? input.Tags ?? [],
    });
    return { DashboardValidationMessages: [] };
  },

  GetDashboard(input: Input<"GetDashboard">, ctx: RequestContext) {
    const dashboard = dashboardTable(ctx.runtime.store, ctx.accountId).get(input.DashboardName);
    if (!dashboard) throw notFound(`Dashboard ${input.DashboardName} does not exist`);
    return {
      DashboardArn: dashboardArn(ctx.accountId, dashboard.name),
      DashboardBody: dashboard.body,
      DashboardName: dashboard.name,
    };
  },

  ListDashboards(input: Input<"ListDashboards">, ctx: RequestContext) {
    const prefix = input.DashboardNamePrefix ?? "";
    const names = dashboardTable(ctx.runtime.store, ctx.accountId)
      .keysSorted()
      .filter((n) => n.startsWith(prefix));
    const after =
      input.NextToken !== undefined ? Buffer.from(input.NextToken, "base64").toString("utf8") : "";
    const rest = names.filter((n) => n > after);
    const page = rest.slice(0, PAGE);
    const table = dashboardTable(ctx.runtime.store, ctx.accountId);
    return {
      DashboardEntries: page.map((name) => {
        const d = table.get(name)!;
        return {
          DashboardName: d.name,
          DashboardArn: dashboardArn(ctx.accountId, d.name),
          LastModified: new Date(d.lastModified),
          Size: Buffer.byteLength(d.body),
        };
      }),
      NextToken: rest.length > PAGE ? Buffer.from(page[page.length - 1]!).toString("base64") : undefined,
    };
  },

  DeleteDashboards(input: Input<"DeleteDashboards">, ctx: RequestContext) {
    if (input.DashboardNames.length === 0) throw invalidValue("Need at least 1 dashboard");
    const table = dashboardTable(ctx.runtime.store, ctx.accountId);
    const missing = input.DashboardNames.filter((n) => !table.has(n));
    // As many as exist are deleted; the error names the others.
    for (const name of input.DashboardNames) table.delete(name);
    if (missing.length > 0) throw notFound(`The specified dashboard does not exist. [${missing.join(", ")}]`);
    return {};
  },
};
