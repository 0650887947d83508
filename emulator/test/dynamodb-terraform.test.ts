import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, describe, expect, it } from "vitest";
import { emulatorUrl, uniqueName } from "./support/clients.ts";
import { dynamoClient } from "./support/dynamodb-client.ts";
import { explain, localProviderHcl, terraform } from "./support/terraform.ts";

/**
 * The image table as the pipeline's infrastructure will declare it (a GSI, TTL,
 * point-in-time recovery, a stream, tags) plus a provisioned table; `changed` adds a
 * GSI, raises capacity, turns recovery off and adds a tag.
 */
function config(changed: boolean): string {
  return `
${localProviderHcl(["dynamodb", "sts"])}
resource "aws_dynamodb_table" "images" {
  name         = var.name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  range_key    = "sk"

  attribute {
    name = "pk"
    type = "S"
  }
  attribute {
    name = "sk"
    type = "S"
  }
  attribute {
    name = "status"
    type = "S"
  }
  attribute {
    name = "createdAt"
    type = "N"
  }

  global_secondary_index {
    name            = "byStatus"
    hash_key        = "status"
    range_key       = "createdAt"
    projection_type = "ALL"
  }

  ttl {
    attribute_name = "expiresAt"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = ${changed ? "false" : "true"}
  }

  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"

  tags = {
    Project = "darkroom"${changed ? '\n    Stage   = "dev"' : ""}
  }
}

resource "aws_dynamodb_table" "counters" {
  name           = "\${var.name}-counters"
  billing_mode   = "PROVISIONED"
  read_capacity  = ${changed ? 4 : 2}
  write_capacity = 3
  hash_key       = "id"
  table_class    = "STANDARD_INFREQUENT_ACCESS"

  attribute {
    name = "id"
    type = "S"
  }
${
  changed
    ? `  attribute {
    name = "kind"
    type = "S"
  }

  global_secondary_index {
    name            = "byKind"
    hash_key        = "kind"
    projection_type = "KEYS_ONLY"
    read_capacity   = 1
    write_capacity  = 1
  }
`
    : ""
}}
`;
}

/** Terraform AWS provider 5.100.0 creates the tables, reads them back without a diff, updates and destroys them. */
describe("Terraform AWS provider 5.100.0 with DynamoDB", () => {
  const dir = mkdtempSync(join(tmpdir(), "darkroom-tf-dynamodb-"));
  const name = uniqueName("darkroom-tf-images");
  const vars = ["-var", `endpoint=${emulatorUrl()}`, "-var", `name=${name}`];

  afterAll(async () => {
    // Leave nothing behind even when an assertion failed midway.
    await terraform(dir, ["destroy", "-auto-approve", "-no-color", ...vars]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("applies, plans no changes, applies a change, plans no changes, destroys", {
    timeout: 600_000,
  }, async () => {
    writeFileSync(join(dir, "main.tf"), config(false));
    const init = await terraform(dir, ["init", "-no-color", "-input=false"]);
    expect(init.code, explain("init", init)).toBe(0);

    const apply = await terraform(dir, ["apply", "-auto-approve", "-no-color", ...vars]);
    expect(apply.code, explain("apply", apply)).toBe(0);
    expect(apply.stdout).toMatch(/Apply complete! Resources: 2 added, 0 changed, 0 destroyed/);

    const { Table } = await dynamoClient().send(new DescribeTableCommand({ TableName: name }));
    expect(Table?.GlobalSecondaryIndexes?.[0]?.IndexName).toBe("byStatus");
    expect(Table?.StreamSpecification?.StreamViewType).toBe("NEW_AND_OLD_IMAGES");

    // -detailed-exitcode: 0 means no changes, 2 means the state drifted from what was applied.
    const plan = await terraform(dir, ["plan", "-detailed-exitcode", "-no-color", ...vars]);
    expect(plan.code, explain("plan", plan)).toBe(0);

    writeFileSync(join(dir, "main.tf"), config(true));
    const update = await terraform(dir, ["apply", "-auto-approve", "-no-color", ...vars]);
    expect(update.code, explain("apply (changed)", update)).toBe(0);
    expect(update.stdout).toMatch(/Apply complete! Resources: 0 added, 2 changed, 0 destroyed/);

    const replan = await terraform(dir, ["plan", "-detailed-exitcode", "-no-color", ...vars]);
    expect(replan.code, explain("plan (changed)", replan)).toBe(0);

    const destroy = await terraform(dir, ["destroy", "-auto-approve", "-no-color", ...vars]);
    expect(destroy.code, explain("destroy", destroy)).toBe(0);
    expect(destroy.stdout).toMatch(/Destroy complete! Resources: 2 destroyed/);
  });
});
