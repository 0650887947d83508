import { UPLOAD_PREFIX, VARIANT_PREFIX } from "@darkroom/image-record";
import { describe, expect, it } from "vitest";
import { ref, resources, resourceWhere, synthTarget, type TerraformJson } from "./support/synth.ts";

/**
 * Actions that have no resource ARN, so IAM accepts only "*" for them; each is documented where
 * it is granted. Nothing else may name "*", as an action or as a resource.
 */
const RESOURCELESS_ACTIONS = new Set(["rekognition:DetectLabels"]);

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource?: string | string[];
  Principal?: unknown;
}

interface Found {
  where: string;
  statement: Statement;
}

const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Every statement of every role policy and bucket policy in the stack. */
function permissionStatements(json: TerraformJson): Found[] {
  const policies = [
    ...resources(json, "aws_iam_role_policy").map(([name, body]) => [
      `role policy ${body.name ?? name}`,
      body.policy,
    ]),
    ...resources(json, "aws_s3_bucket_policy").map(([name, body]) => [`bucket policy ${name}`, body.policy]),
  ];
  return policies.flatMap(([where, policy]) =>
    (JSON.parse(String(policy)) as { Statement: Statement[] }).Statement.map((statement) => ({
      where: `${where} ${statement.Sid ?? ""}`,
      statement,
    })),
  );
}

/** What is wrong with a statement: wildcards, or a resource that is not one this stack made. */
function violations({ where, statement }: Found): string[] {
  const problems: string[] = [];
  const actions = list(statement.Action);
  if (statement.Effect !== "Allow") problems.push(`${where}: ${statement.Effect}`);
  for (const action of actions) {
    if (!/^[a-z0-9-]+:[A-Za-z]+$/.test(action)) problems.push(`${where}: action ${action} has a wildcard`);
  }
  const resourceless = actions.every((action) => RESOURCELESS_ACTIONS.has(action));
  for (const resource of list(statement.Resource)) {
    if (resource === "*") {
      if (!resourceless) problems.push(`${where}: Resource "*" for ${actions.join(", ")}`);
      continue;
    }
    // A reference to a resource of this stack, then at most a path inside it.
    const scoped = /^\$\{aws_[a-z0-9_]+\.[A-Za-z0-9_-]+\.arn\}(?<path>.*)$/.exec(resource);
    const path = scoped?.groups?.path;
    const allowedPaths = [
      "",
      ":*",
      `/${UPLOAD_PREFIX}*`,
      `/${VARIANT_PREFIX}*`,
      "/index/gsi1",
      "/index/gsi2",
    ];
    if (path === undefined || !allowedPaths.includes(path)) {
      problems.push(`${where}: resource ${resource} is not scoped to one resource of the stack`);
    }
  }
  return problems;
}

/** A role's actions, each with the resources it is allowed on. */
function grants(json: TerraformJson, roleName: string): Record<string, string[]> {
  const [role] = resourceWhere(json, "aws_iam_role", "name", roleName);
  const policies = resources(json, "aws_iam_role_policy").filter(
    ([, body]) => body.role === `\${aws_iam_role.${role}.id}`,
  );
  const out: Record<string, string[]> = {};
  for (const [, body] of policies) {
    for (const statement of (JSON.parse(String(body.policy)) as { Statement: Statement[] }).Statement) {
      for (const action of list(statement.Action)) {
        out[action] = [...(out[action] ?? []), ...list(statement.Resource)].sort();
      }
    }
  }
  return out;
}

describe.each([
  ["local", synthTarget("local", { monitoring: true, env: { DARKROOM_LOCAL_LABELS: "true" } }).json],
  ["localstack", synthTarget("localstack").json],
  ["aws", synthTarget("aws").json],
] as const)("least privilege on %s", (target, json) => {
  const arnOf = (type: string, key: string, value: string) =>
    `\${${type}.${resourceWhere(json, type, key, value)[0]}.arn}`;
  const uploads = arnOf("aws_s3_bucket", "bucket", "darkroom-uploads");
  const media = arnOf("aws_s3_bucket", "bucket", "darkroom-media");
  const table = arnOf("aws_dynamodb_table", "name", "darkroom-images");
  const logsOf = (fn: string) => `${arnOf("aws_cloudwatch_log_group", "name", `/aws/lambda/${fn}`)}:*`;

  it("has no statement with a wildcard action or an unscoped resource", () => {
    const found = permissionStatements(json);
    expect(found.length).toBeGreaterThan(8);
    expect(found.flatMap(violations)).toEqual([]);
  });

  it("attaches no managed policy (AWSLambdaBasicExecutionRole allows logs on every group)", () => {
    expect(resources(json, "aws_iam_role_policy_attachment")).toEqual([]);
    expect(resources(json, "aws_iam_policy")).toEqual([]);
    for (const [, role] of resources(json, "aws_iam_role")) expect(role.managed_policy_arns).toBeUndefined();
  });

  it("lets only Lambda assume the functions' roles", () => {
    for (const [, role] of resources(json, "aws_iam_role")) {
      expect(JSON.parse(String(role.assume_role_policy))).toEqual({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
        ],
      });
    }
  });

  it("gives the processor only what it calls", () => {
    const labels = target !== "localstack";
    expect(grants(json, "darkroom-processor-role")).toEqual({
      "s3:GetObject": [`${uploads}/uploads/*`, ...(labels ? [`${media}/variants/*`] : [])].sort(),
      "s3:PutObject": [`${media}/variants/*`],
      "dynamodb:GetItem": [table],
      "dynamodb:PutItem": [table],
      "dynamodb:UpdateItem": [table],
      "dynamodb:DeleteItem": [table],
      "dynamodb:Query": [table],
      ...(labels ? { "rekognition:DetectLabels": ["*"] } : {}),
      "logs:CreateLogStream": [logsOf("darkroom-processor")],
      "logs:PutLogEvents": [logsOf("darkroom-processor")],
    });
  });

  it("gives the API only what it calls", () => {
    expect(grants(json, "darkroom-api-role")).toEqual({
      "s3:PutObject": [`${uploads}/uploads/*`],
      "s3:GetObject": [`${uploads}/uploads/*`, `${media}/variants/*`].sort(),
      "dynamodb:PutItem": [table],
      "dynamodb:GetItem": [table],
      "dynamodb:BatchGetItem": [table],
      "dynamodb:Query": [`${table}/index/gsi1`, `${table}/index/gsi2`],
      "logs:CreateLogStream": [logsOf("darkroom-api")],
      "logs:PutLogEvents": [logsOf("darkroom-api")],
    });
  });
});

describe("the least-privilege check itself", () => {
  const bad = (statement: Statement) => violations({ where: "test", statement });
  const bucket = ref("aws_s3_bucket", "b", "arn");

  it("catches wildcard actions, '*' resources and unscoped ARNs", () => {
    expect(bad({ Effect: "Allow", Action: "s3:*", Resource: `${bucket}/uploads/*` })).toHaveLength(1);
    expect(bad({ Effect: "Allow", Action: ["s3:Get*"], Resource: [`${bucket}/uploads/*`] })).toHaveLength(1);
    expect(bad({ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["*"] })).toHaveLength(1);
    expect(bad({ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::*"] })).toHaveLength(1);
    expect(bad({ Effect: "Allow", Action: ["s3:GetObject"], Resource: [`${bucket}/*`] })).toHaveLength(1);
    expect(
      bad({ Effect: "Allow", Action: ["rekognition:DetectLabels", "s3:GetObject"], Resource: ["*"] }),
    ).toHaveLength(1);
  });

  it("lets the documented exceptions and scoped resources through", () => {
    expect(bad({ Effect: "Allow", Action: ["rekognition:DetectLabels"], Resource: ["*"] })).toEqual([]);
    expect(bad({ Effect: "Allow", Action: ["s3:GetObject"], Resource: [`${bucket}/variants/*`] })).toEqual(
      [],
    );
  });
});
