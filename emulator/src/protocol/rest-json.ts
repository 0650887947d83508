import { decodePathComponent, type HttpRequest, type HttpResponse } from "../gateway/http.ts";
import { AwsError } from "./aws-error.ts";
import { jsonRequestIdHeader, type OperationCall, type RpcCodec } from "./codec.ts";
import { parseJsonBody, stringifyAwsJson } from "./json.ts";

/** An HTTP binding of one operation, as in the Smithy model's @http trait. */
export interface RestJsonRoute {
  operation: string;
  method: string;
  /** "{Name}" binds one segment, "{Name+}" the rest of the path. */
  path: string;
  /** Query parameters that must be present to pick this route. */
  requiredQuery?: string[];
  /** Query parameter name to input member. */
  query?: Record<string, string>;
  /** Lower-case header name to input member. */
  headers?: Record<string, string>;
  /** Input member that receives the raw body instead of JSON. */
  payload?: string;
  /** Status on success (default 200). */
  status?: number;
  /** Output member holding the status instead (Lambda's Invoke answers 200, 202 or 204). */
  responseStatus?: string;
  /** Output member to response header. */
  responseHeaders?: Record<string, string>;
  /** Output member sent as the raw body. */
  responsePayload?: string;
}

interface CompiledRoute extends RestJsonRoute {
  pattern: RegExp;
  labels: string[];
}

function compile(route: RestJsonRoute): CompiledRoute {
  const labels: string[] = [];
  const source = route.path
    .replace(/[.*?^$()|[\]\\]/g, "\\$&")
    .replace(/\{(\w+)(\+?)\}/g, (_m, name: string, greedy: string) => {
      labels.push(name);
      return greedy ? "(.+)" : "([^/]+)";
    });
  return { ...route, pattern: new RegExp(`^${source}/?$`), labels };
}

/** REST-JSON (Lambda, Rekognition's sibling APIs): routes bind labels, query and headers to input members. */
export class RestJsonCodec implements RpcCodec {
  readonly protocol = "rest-json" as const;
  readonly standardHeaders = jsonRequestIdHeader;
  private readonly routes: CompiledRoute[];
  private readonly byOperation = new Map<string, CompiledRoute>();

  constructor(routes: RestJsonRoute[]) {
    this.routes = routes.map(compile);
    for (const r of this.routes) this.byOperation.set(r.operation, r);
  }

  decode(req: HttpRequest): OperationCall {
    for (const route of this.routes) {
      if (route.method !== req.method) continue;
      const m = route.pattern.exec(req.rawPath);
      if (!m) continue;
      if (route.requiredQuery?.some((q) => !req.query.has(q))) continue;
      const input: Record<string, unknown> = {};
      if (route.payload) input[route.payload] = req.body;
      else Object.assign(input, parseJsonBody(req.body));
      route.labels.forEach((label, i) => {
        input[label] = decodePathComponent(m[i + 1]!);
      });
      for (const [param, member] of Object.entries(route.query ?? {})) {
        const values = req.query.getAll(param);
        if (values.length === 1) input[member] = values[0];
        else if (values.length > 1) input[member] = values;
      }
      for (const [name, member] of Object.entries(route.headers ?? {})) {
        const value = req.headers[name];
        if (value !== undefined) input[member] = value;
      }
      return { operation: route.operation, input };
    }
    throw new AwsError("UnknownOperationException", `No operation matches ${req.method} ${req.rawPath}`, 404);
  }

  encode(call: OperationCall, output: unknown): HttpResponse {
    const route = this.byOperation.get(call.operation);
    const out = { ...((output ?? {}) as Record<string, unknown>) };
    const headers: Record<string, string> = {};
    let status = route?.status ?? 200;
    if (route?.responseStatus !== undefined) {
      const chosen = out[route.responseStatus];
      if (typeof chosen === "number") status = chosen;
      delete out[route.responseStatus];
    }
    for (const [member, name] of Object.entries(route?.responseHeaders ?? {})) {
      if (out[member] !== undefined) headers[name] = String(out[member]);
      delete out[member];
    }
    if (route?.responsePayload) {
      const payload = out[route.responsePayload];
      return {
        status,
        headers,
        body: payload instanceof Buffer ? payload : Buffer.from(String(payload ?? "")),
      };
    }
    // 204s carry no body, as AWS's REST-JSON services answer them.
    if (status === 204) return { status, headers, body: undefined };
    headers["content-type"] = "application/json";
    return { status, headers, body: stringifyAwsJson(out) };
  }

  encodeError(err: AwsError): HttpResponse {
    return {
      status: err.status,
      headers: { "content-type": "application/json", "x-amzn-errortype": err.code, ...err.headers },
      body: JSON.stringify({ message: err.message, ...err.fields }),
    };
  }
}
