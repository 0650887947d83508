import { cbor } from "@smithy/core/cbor";
import { describe, expect, it } from "vitest";
import type { HttpRequest } from "../src/gateway/http.ts";
import { decodeAwsChunked } from "../src/protocol/aws-chunked.ts";
import { AwsError } from "../src/protocol/aws-error.ts";
import { JsonCodec } from "../src/protocol/json.ts";
import { QueryCodec, unflattenQuery } from "../src/protocol/query.ts";
import { RestJsonCodec } from "../src/protocol/rest-json.ts";
import { RpcV2CborCodec } from "../src/protocol/rpc-v2-cbor.ts";

function request(partial: Partial<HttpRequest>): HttpRequest {
  return {
    requestId: "req-1",
    method: "POST",
    rawPath: "/",
    rawQuery: "",
    query: new URLSearchParams(),
    headers: {},
    body: Buffer.alloc(0),
    hostname: "localhost",
    receivedAt: new Date(),
    ...partial,
  };
}

describe("query protocol", () => {
  it("rebuilds lists, maps and nested structures from flattened fields", () => {
    const params = new URLSearchParams(
      "Action=CreateRole&Version=2010-05-08&RoleName=r&Tags.member.1.Key=a&Tags.member.1.Value=1" +
        "&Tags.member.2.Key=b&Tags.member.2.Value=2&Attributes.entry.1.key=k&Attributes.entry.1.value=v" +
        "&Filter.1.Name=n&Filter.1.Values.member.1=x",
    );
    expect(unflattenQuery(params)).toEqual({
      RoleName: "r",
      Tags: [
        { Key: "a", Value: "1" },
        { Key: "b", Value: "2" },
      ],
      Attributes: { k: "v" },
      Filter: [{ Name: "n", Values: ["x"] }],
    });
  });

  it("keeps client-chosen field names away from object prototypes", () => {
    const input = unflattenQuery(
      new URLSearchParams("__proto__.polluted=1&constructor.prototype.polluted=1&A.__proto__.polluted=1&B=2"),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect({ ...input }).toEqual({ B: "2" });
  });

  it("orders list members by index, not by arrival", () => {
    const params = new URLSearchParams("L.member.10=j&L.member.2=b&L.member.1=a");
    expect(unflattenQuery(params)).toEqual({ L: ["a", "b", "j"] });
  });

  it("wraps results and errors in the service namespace", () => {
    const codec = new QueryCodec("https://iam.amazonaws.com/doc/2010-05-08/");
    const req = request({});
    const ok = codec.encode(
      { operation: "ListRoles", input: {} },
      { Roles: [{ RoleName: "a", CreateDate: new Date("2024-01-02T03:04:05.678Z") }], IsTruncated: false },
      req,
    );
    expect(ok.body).toContain('<ListRolesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">');
    expect(ok.body).toContain(
      "<Roles><member><RoleName>a</RoleName><CreateDate>2024-01-02T03:04:05Z</CreateDate></member></Roles>",
    );
    expect(ok.body).toContain("<RequestId>req-1</RequestId>");
    const err = codec.encodeError(
      new AwsError("NoSuchEntity", "The role with name x cannot be found.", 404),
      req,
    );
    expect(err.status).toBe(404);
    expect(err.body).toContain("<Type>Sender</Type><Code>NoSuchEntity</Code>");
  });
});

describe("JSON protocols", () => {
  const codec = new JsonCodec("1.0", "DynamoDB_20120810", "com.amazonaws.dynamodb.v20120810");

  it("takes the operation from X-Amz-Target and writes timestamps as epoch seconds", () => {
    const call = codec.decode(
      request({
        headers: { "x-amz-target": "DynamoDB_20120810.ListTables" },
        body: Buffer.from('{"Limit":5}'),
      }),
    );
    expect(call).toEqual({ operation: "ListTables", input: { Limit: 5 } });
    const res = codec.encode(call, { At: new Date(1_700_000_000_500) });
    expect(res.headers["content-type"]).toBe("application/x-amz-json-1.0");
    expect(JSON.parse(String(res.body))).toEqual({ At: 1_700_000_000.5 });
  });

  it("rejects a foreign target and malformed JSON with AWS's codes", () => {
    expect(() => codec.decode(request({ headers: { "x-amz-target": "Logs_20140328.X" } }))).toThrow(
      expect.objectContaining({ code: "UnknownOperationException" }),
    );
    expect(() =>
      codec.decode(request({ headers: { "x-amz-target": "DynamoDB_20120810.X" }, body: Buffer.from("{") })),
    ).toThrow(expect.objectContaining({ code: "SerializationException" }));
  });

  it("qualifies error types with the service namespace", () => {
    const res = codec.encodeError(
      new AwsError("ResourceNotFoundException", "Requested resource not found", 400),
    );
    expect(JSON.parse(String(res.body))).toEqual({
      __type: "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
      message: "Requested resource not found",
    });
  });

  it("binds REST labels, query and headers to input members", () => {
    const rest = new RestJsonCodec([
      {
        operation: "Invoke",
        method: "POST",
        path: "/2015-03-31/functions/{FunctionName}/invocations",
        query: { Qualifier: "Qualifier" },
        headers: { "x-amz-invocation-type": "InvocationType" },
        payload: "Payload",
      },
    ]);
    const call = rest.decode(
      request({
        rawPath: "/2015-03-31/functions/my%3Afn/invocations",
        query: new URLSearchParams("Qualifier=live"),
        headers: { "x-amz-invocation-type": "Event" },
        body: Buffer.from("{}"),
      }),
    );
    expect(call.operation).toBe("Invoke");
    expect(call.input).toMatchObject({ FunctionName: "my:fn", Qualifier: "live", InvocationType: "Event" });
  });
});

describe("rpc-v2-cbor", () => {
  const codec = new RpcV2CborCodec("GraniteServiceVersion20100801", "com.amazonaws.cloudwatch");

  it("decodes the operation from the path and round-trips CBOR with timestamps", () => {
    const body = Buffer.from(cbor.serialize({ Namespace: "Darkroom", Count: 3 }));
    const call = codec.decode(
      request({ rawPath: "/service/GraniteServiceVersion20100801/operation/PutMetricData", body }),
    );
    expect(call).toEqual({ operation: "PutMetricData", input: { Namespace: "Darkroom", Count: 3 } });
    const res = codec.encode(call, { When: new Date(1_700_000_000_000) });
    expect(res.headers["smithy-protocol"]).toBe("rpc-v2-cbor");
    // Timestamps travel as CBOR tag 1 over epoch seconds.
    const decoded = cbor.deserialize(res.body as Buffer) as { When: { tag: number; value: number } };
    expect(decoded.When).toMatchObject({ tag: 1, value: 1_700_000_000 });
  });
});

describe("aws-chunked bodies", () => {
  it("decodes unsigned chunks with a checksum trailer", () => {
    const body = Buffer.from("5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n");
    const decoded = decodeAwsChunked(body);
    expect(decoded.data.toString()).toBe("hello world");
    expect(decoded.trailers).toEqual({ "x-amz-checksum-crc32": "DUoRhQ==" });
  });

  it("reads chunk signatures and rejects a truncated body", () => {
    const sig = "a".repeat(64);
    const decoded = decodeAwsChunked(
      Buffer.from(`3;chunk-signature=${sig}\r\nabc\r\n0;chunk-signature=${sig}\r\n\r\n`),
    );
    expect(decoded.chunks[0]).toEqual({ signature: sig, start: 0, end: 3 });
    expect(() => decodeAwsChunked(Buffer.from("10\r\nabc"))).toThrow(
      expect.objectContaining({ code: "IncompleteBody" }),
    );
  });
});
