import type { HttpRequest, HttpResponse } from "../../gateway/http.ts";
import type { AwsError } from "../../protocol/aws-error.ts";
import type { Codec } from "../../protocol/codec.ts";
import { type XmlObject, type XmlStyle, xmlDocument } from "../../protocol/xml.ts";
import { S3_NAMESPACE } from "./model.ts";

/** S3's XML: lists repeat their element unless the model wraps them; timestamps carry milliseconds. */
export const S3_XML: XmlStyle = { lists: "flattened", dates: "iso-millis" };

/** rest-xml as S3 speaks it. Routing lives in routes.ts, since S3 routes on host, path, query and headers. */
export class RestXmlCodec implements Codec {
  readonly protocol = "rest-xml" as const;

  standardHeaders(req: HttpRequest): Record<string, string> {
    return { "x-amz-id-2": extendedRequestId(req.requestId), server: "AmazonS3" };
  }

  encodeError(err: AwsError, req: HttpRequest): HttpResponse {
    const headers = { ...err.headers };
    if (req.method === "HEAD") return { status: err.status, headers };
    const fields: XmlObject = {
      Code: err.code,
      Message: err.message,
      ...err.fields,
      RequestId: req.requestId,
    };
    return {
      status: err.status,
      headers: { "content-type": "application/xml", ...headers },
      body: xmlDocument("Error", fields, S3_XML),
    };
  }
}

/** S3's extended request id (x-amz-id-2): opaque, so derived from the request id rather than fresh randomness. */
export function extendedRequestId(requestId: string): string {
  return Buffer.from(requestId).toString("base64");
}

/** A 200 with an S3 XML document in the 2006-03-01 namespace. */
export function xmlResponse(
  root: string,
  value: XmlObject | string,
  headers: Record<string, string> = {},
  status = 200,
): HttpResponse {
  return {
    status,
    headers: { "content-type": "application/xml", ...headers },
    body: xmlDocument(root, value, S3_XML, S3_NAMESPACE),
  };
}

export function emptyResponse(status = 200, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers };
}
