import type { RequestContext } from "../../gateway/context.ts";
import type { HttpRequest, HttpResponse } from "../../gateway/http.ts";
import type { NotificationTargets } from "./notification-targets.ts";
import type { S3Operation } from "./routes.ts";
import type { S3State } from "./state.ts";

/**
 * One S3 operation's input. S3 binds most of its inputs to HTTP (the bucket in the
 * host or path, the key in the path, dozens of headers and query fields, raw bodies),
 * so its handlers read the request through this typed view instead of a JSON shape.
 */
export interface S3Call {
  operation: S3Operation;
  req: HttpRequest;
  ctx: RequestContext;
  state: S3State;
  /** Present for bucket and object operations. */
  bucket: string;
  /** Present for object operations; "" otherwise. */
  key: string;
  /** The destinations notification configurations may name (validated when put). */
  notifications: NotificationTargets;
}

export type S3Handler = (call: S3Call) => Promise<HttpResponse> | HttpResponse;

/** A group of operation handlers; the service merges the groups. */
export type S3Handlers = Partial<Record<S3Operation, S3Handler>>;
