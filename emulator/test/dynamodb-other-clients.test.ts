import { describe, expect, it } from "vitest";
import { emulatorUrl } from "./support/clients.ts";
import { tableName } from "./support/dynamodb-client.ts";
import { clientEnv, PYTHON, runClient } from "./support/other-clients.ts";

/** Clients find the emulator through AWS_ENDPOINT_URL. */
function run(cmd: string, args: string[]) {
  return runClient(cmd, args, clientEnv({ AWS_ENDPOINT_URL: emulatorUrl() }));
}

/** boto3 checks every DynamoDB response's x-amz-crc32, and parses errors its own way. */
const BOTO3_SCRIPT = `
import json, sys, boto3
name = sys.argv[1]
client = boto3.client("dynamodb")
client.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
client.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1})
table = boto3.resource("dynamodb").Table(name)
table.put_item(Item={"pk": "doc", "nums": {1, 2}, "m": {"x": [1, "y"]}})
item = table.get_item(Key={"pk": "doc"})["Item"]
try:
    client.transact_write_items(TransactItems=[{"ConditionCheck": {"TableName": name,
        "Key": {"pk": {"S": "missing"}}, "ConditionExpression": "attribute_exists(pk)"}}])
    reasons = None
except client.exceptions.TransactionCanceledException as e:
    reasons = e.response["CancellationReasons"]
print(json.dumps({"nums": sorted(int(n) for n in item["nums"]), "x": [str(v) for v in item["m"]["x"]], "reasons": reasons}))
`;

describe("DynamoDB with clients Darkroom did not write", () => {
  it("boto3 creates, waits, writes with the resource API and sees a cancelled transaction", async () => {
    const r = await run(PYTHON, ["-c", BOTO3_SCRIPT, tableName("boto3")]);
    expect(r.code, `python3 exited ${r.code}\n${r.stdout}\n${r.stderr}`).toBe(0);
    expect(JSON.parse(r.stdout.trim().split("\n").pop()!)).toEqual({
      nums: [1, 2],
      x: ["1", "y"],
      reasons: [{ Code: "ConditionalCheckFailed", Message: "The conditional request failed" }],
    });
  });

  it("the AWS CLI creates a table, puts, gets and reports a failed condition", async () => {
    const name = tableName("cli");
    const created = await run("aws", [
      "dynamodb",
      "create-table",
      "--table-name",
      name,
      "--attribute-definitions",
      "AttributeName=pk,AttributeType=S",
      "--key-schema",
      "AttributeName=pk,KeyType=HASH",
      "--billing-mode",
      "PAY_PER_REQUEST",
    ]);
    expect(created.code, created.stderr).toBe(0);
    expect((await run("aws", ["dynamodb", "wait", "table-exists", "--table-name", name])).code).toBe(0);
    const put = await run("aws", [
      "dynamodb",
      "put-item",
      "--table-name",
      name,
      "--item",
      '{"pk":{"S":"a"},"n":{"N":"1"}}',
    ]);
    expect(put.code, put.stderr).toBe(0);
    const got = await run("aws", ["dynamodb", "get-item", "--table-name", name, "--key", '{"pk":{"S":"a"}}']);
    expect(JSON.parse(got.stdout)).toEqual({ Item: { pk: { S: "a" }, n: { N: "1" } } });
    const failed = await run("aws", [
      "dynamodb",
      "put-item",
      "--table-name",
      name,
      "--item",
      '{"pk":{"S":"a"}}',
      "--condition-expression",
      "attribute_not_exists(pk)",
    ]);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toMatch(/ConditionalCheckFailedException.*The conditional request failed/);
  });
});
