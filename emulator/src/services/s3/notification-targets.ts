/**
 * What S3 needs from the services it notifies, and nothing more: S3 stays independent
 * of their internals, and services/index.ts plugs them in.
 */

/** The bucket an event or configuration belongs to, as destinations check it. */
export interface NotificationSource {
  bucket: string;
  /** arn:aws:s3:::<bucket>, the AWS:SourceArn of S3's calls. */
  bucketArn: string;
  /** The bucket owner, the AWS:SourceAccount of S3's calls. */
  accountId: string;
}

/** Lambda as a notification destination. */
export interface LambdaNotificationTarget {
  /**
   * Whether the function (an ARN, perhaps with a version or alias) exists and its
   * resource policy lets s3.amazonaws.com invoke it on behalf of `source`.
   */
  mayInvoke(functionArn: string, source: NotificationSource): boolean;
  /**
   * Queues an asynchronous (Event) invocation with `payload` (JSON text). Runs before the
   * store flush that makes the S3 change durable, and must record the invocation in the
   * store synchronously so that the same flush carries it.
   */
  invokeAsync(functionArn: string, payload: string, source: NotificationSource): void;
}

export interface NotificationTargets {
  /** Absent when no Lambda runs: Lambda destinations then fail validation. */
  lambda?: LambdaNotificationTarget;
}

export function sourceOf(bucket: string, accountId: string): NotificationSource {
  return { bucket, bucketArn: `arn:aws:s3:::${bucket}`, accountId };
}
