import type { EventBus } from "../../events/event-bus.ts";
import type { RequestContext } from "../../gateway/context.ts";
import type { HttpRequest } from "../../gateway/http.ts";
import { OperationError, type Service, type ServiceResult } from "../../gateway/service.ts";
import { AwsError, notImplemented } from "../../protocol/aws-error.ts";
import type { StateStore } from "../../state/store.ts";
import { s3Address } from "./address.ts";
import { RestXmlCodec } from "./codec.ts";
import { corsResponseHeaders, withCorsHeaders } from "./cors-rules.ts";
import { s3Errors } from "./errors.ts";
import type { S3Handlers } from "./handler.ts";
import { dispatchNotifications } from "./notification-dispatch.ts";
import type { NotificationTargets } from "./notification-targets.ts";
import { bucketConfigOperations } from "./operations/bucket-config.ts";
import { bucketOperations } from "./operations/buckets.ts";
import { corsOperations } from "./operations/cors.ts";
import { listingOperations } from "./operations/listing.ts";
import { multipartOperations } from "./operations/multipart.ts";
import { objectTaggingOperations } from "./operations/object-tagging.ts";
import { objectOperations } from "./operations/objects.ts";
import { postObjectOperations } from "./operations/post-object.ts";
import { isFormPost, routeS3 } from "./routes.ts";
import { S3State } from "./state.ts";

export interface S3ServiceOptions {
  /** Where object events are published; with `notifications`, they reach the configured destinations. */
  events?: EventBus;
  /** The destinations notification configurations may name (Lambda functions). */
  notifications?: NotificationTargets;
}

/** S3 over rest-xml: the gateway's fallback service. */
export class S3Service implements Service {
  readonly name = "s3";
  readonly detection = { signingNames: ["s3"] };
  readonly codec = new RestXmlCodec();
  readonly storesContentEncoding = true;
  readonly acceptsSigV2 = true;
  private readonly state: S3State;
  private readonly handlers: S3Handlers;
  private readonly notifications: NotificationTargets;

  constructor(store: StateStore, options: S3ServiceOptions = {}) {
    this.state = new S3State(store);
    this.notifications = options.notifications ?? {};
    if (options.events) dispatchNotifications(options.events, this.state, this.notifications);
    this.handlers = {
      ...bucketOperations,
      ...bucketConfigOperations,
      ...listingOperations,
      ...objectOperations,
      ...objectTaggingOperations,
      ...multipartOperations,
      ...postObjectOperations,
      ...corsOperations,
    };
  }

  /** Browser form uploads carry their signature in the policy, and preflights carry none. */
  allowsAnonymous(req: HttpRequest): boolean {
    return req.method === "OPTIONS" || (req.method === "POST" && isFormPost(req));
  }

  virtualHostBucket(req: HttpRequest): string | null {
    const address = s3Address(req);
    return address.virtualHosted ? address.bucket : null;
  }

  peekOperation(req: HttpRequest): string | undefined {
    return routeS3(req, s3Address(req).target) ?? undefined;
  }

  async handle(req: HttpRequest, ctx: RequestContext): Promise<ServiceResult> {
    const address = s3Address(req);
    const operation = routeS3(req, address.target);
    if (!operation) throw s3Errors.methodNotAllowed(req.method, address.target.toUpperCase());
    const handler = this.handlers[operation];
    if (!handler) throw new OperationError(operation, notImplemented("s3", operation));
    // Requests with an Origin get the bucket's CORS headers (preflights answer their own), evaluated before any change.
    const cors =
      operation === "PreflightRequest" || !address.bucket
        ? {}
        : corsResponseHeaders(this.state.buckets.get(address.bucket), req);
    try {
      const response = await handler({
        operation,
        req,
        ctx,
        state: this.state,
        bucket: address.bucket ?? "",
        key: address.key ?? "",
        notifications: this.notifications,
      });
      Object.assign(response.headers, cors);
      return { operation, response };
    } catch (err) {
      if (err instanceof AwsError) throw new OperationError(operation, withCorsHeaders(err, cors));
      throw err;
    }
  }
}
