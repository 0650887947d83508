import type { HttpRequest, HttpResponse } from "../gateway/http.ts";
import { AwsError } from "./aws-error.ts";
import type { OperationCall, RpcCodec } from "./codec.ts";
import { type XmlObject, type XmlValue, xmlDocument, xmlElement } from "./xml.ts";

const STYLE = { lists: "member", dates: "iso-seconds" } as const;

/** Form fields of a query-protocol request: the URL query plus a form-encoded body. */
export function queryParams(req: HttpRequest): URLSearchParams {
  const params = new URLSearchParams(req.query);
  const type = req.headers["content-type"] ?? "";
  if (req.method === "POST" && req.body.length > 0 && type.startsWith("application/x-www-form-urlencoded")) {
    for (const [k, v] of new URLSearchParams(req.body.toString("utf8"))) params.append(k, v);
  }
  return params;
}

/**
 * Rebuilds structure from flattened query keys: "Tags.member.1.Key" becomes
 * {Tags: [{Key}]}, "Attributes.entry.1.key/value" becomes a map, and a bare
 * numeric segment ("Filter.1.Name") is a flattened list.
 */
export function unflattenQuery(params: URLSearchParams): Record<string, unknown> {
  const root = dict();
  for (const [key, value] of params) {
    if (key === "Action" || key === "Version" || key.startsWith("X-Amz-")) continue;
    const parts = key.split(".");
    // Field names come from the client: none may reach an object's prototype.
    if (parts.some((p) => UNSAFE_SEGMENTS.has(p))) continue;
    setPath(root, parts, value);
  }
  return finalize(root) as Record<string, unknown>;
}

const UNSAFE_SEGMENTS = new Set(["__proto__", "prototype", "constructor"]);

/** An object without a prototype, so client-chosen keys stay plain data. */
function dict(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

function setPath(node: Record<string, unknown>, parts: string[], value: string): void {
  let cur = node;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i]!;
    if (cur[part] === undefined || typeof cur[part] !== "object") cur[part] = dict();
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]!] = value;
}

/** Turns {member: {1: a, 2: b}} and {1: a} into arrays and {entry: {1: {key, value}}} into maps. */
function finalize(node: unknown): unknown {
  if (node === null || typeof node !== "object") return node;
  const obj = node as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1 && keys[0] === "member") return toList(obj.member);
  if (keys.length === 1 && keys[0] === "entry") {
    const map = dict();
    for (const item of toList(obj.entry) as Array<Record<string, unknown>>) {
      const k = item?.key ?? item?.Key ?? item?.Name;
      if (typeof k === "string") map[k] = item.value ?? item.Value;
    }
    return map;
  }
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) return toList(obj);
  const out = dict();
  for (const k of keys) out[k] = finalize(obj[k]);
  return out;
}

function toList(node: unknown): unknown[] {
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node as Record<string, unknown>)
    .filter(([k]) => /^\d+$/.test(k))
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, v]) => finalize(v));
}

/** The query protocol (IAM, STS, SNS, CloudWatch's classic API): form fields in, XML out. */
export class QueryCodec implements RpcCodec {
  readonly protocol = "query" as const;
  private readonly xmlNamespace: string;

  constructor(xmlNamespace: string) {
    this.xmlNamespace = xmlNamespace;
  }

  decode(req: HttpRequest): OperationCall {
    const params = queryParams(req);
    const action = params.get("Action");
    if (!action) throw new AwsError("MissingAction", "Missing Action", 400);
    return { operation: action, input: unflattenQuery(params) };
  }

  encode(call: OperationCall, output: unknown, req: HttpRequest): HttpResponse {
    const result =
      output === undefined || output === null
        ? ""
        : xmlElement(`${call.operation}Result`, output as XmlValue, STYLE);
    const body =
      `<?xml version="1.0" encoding="UTF-8"?>\n<${call.operation}Response xmlns="${this.xmlNamespace}">` +
      `${result}<ResponseMetadata><RequestId>${req.requestId}</RequestId></ResponseMetadata>` +
      `</${call.operation}Response>`;
    return { status: 200, headers: { "content-type": "text/xml" }, body };
  }

  encodeError(err: AwsError, req: HttpRequest): HttpResponse {
    const error: XmlObject = { Type: err.fault, Code: err.code, Message: err.message, ...err.fields };
    const body = xmlDocument(
      "ErrorResponse",
      { Error: error, RequestId: req.requestId },
      STYLE,
      this.xmlNamespace,
    );
    return { status: err.status, headers: { "content-type": "text/xml", ...err.headers }, body };
  }
}
