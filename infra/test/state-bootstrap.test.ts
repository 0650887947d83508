import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { loadInfraConfig } from "../config.ts";
import { remoteStateSettings } from "../state-backend.ts";
import { StateBootstrap } from "../state-bootstrap.ts";
import { resources, type TerraformJson } from "./support/synth.ts";

describe("the state bootstrap", () => {
  const config = loadInfraConfig({ DARKROOM_NAME_PREFIX: "acme" });
  const json = JSON.parse(
    Testing.synthScope((scope) => new StateBootstrap(scope, "state", config)),
  ) as TerraformJson;

  it("creates the bucket and lock table the aws target's backend names", () => {
    const backend = remoteStateSettings(config);
    expect(resources(json, "aws_s3_bucket").map(([, b]) => b.bucket)).toEqual([backend.bucket]);
    const [[, table] = ["", {}]] = resources(json, "aws_dynamodb_table");
    expect(table).toMatchObject({
      name: backend.dynamodbTable,
      hash_key: "LockID",
      attribute: [{ name: "LockID", type: "S" }],
    });
  });

  it("keeps every state version, encrypted and private", () => {
    expect(resources(json, "aws_s3_bucket_versioning")).toHaveLength(1);
    expect(resources(json, "aws_s3_bucket_server_side_encryption_configuration")).toHaveLength(1);
    expect(resources(json, "aws_s3_bucket_public_access_block")).toHaveLength(1);
  });
});
