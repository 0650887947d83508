import { AwsError } from "../../protocol/aws-error.ts";

/** S3's error codes and messages, word for word, with the extra fields S3 adds to <Error>. */
export const s3Errors = {
  noSuchBucket: (bucket: string) =>
    new AwsError("NoSuchBucket", "The specified bucket does not exist", 404, {
      fields: { BucketName: bucket },
    }),
  noSuchKey: (key: string) =>
    new AwsError("NoSuchKey", "The specified key does not exist.", 404, { fields: { Key: key } }),
  noSuchVersion: (key: string, versionId: string) =>
    new AwsError("NoSuchVersion", "The specified version does not exist.", 404, {
      fields: { Key: key, VersionId: versionId },
    }),
  noSuchUpload: (uploadId: string) =>
    new AwsError(
      "NoSuchUpload",
      "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
      404,
      { fields: { UploadId: uploadId } },
    ),
  bucketNotEmpty: (bucket: string) =>
    new AwsError("BucketNotEmpty", "The bucket you tried to delete is not empty", 409, {
      fields: { BucketName: bucket },
    }),
  bucketAlreadyOwnedByYou: (bucket: string) =>
    new AwsError(
      "BucketAlreadyOwnedByYou",
      "Your previous request to create the named bucket succeeded and you already own it.",
      409,
      { fields: { BucketName: bucket } },
    ),
  bucketAlreadyExists: (bucket: string) =>
    new AwsError(
      "BucketAlreadyExists",
      "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.",
      409,
      { fields: { BucketName: bucket } },
    ),
  invalidBucketName: (bucket: string) =>
    new AwsError("InvalidBucketName", "The specified bucket is not valid.", 400, {
      fields: { BucketName: bucket },
    }),
  invalidArgument: (message: string, name?: string, value?: string) =>
    new AwsError("InvalidArgument", message, 400, {
      fields: name === undefined ? {} : { ArgumentName: name, ArgumentValue: value ?? "" },
    }),
  invalidRequest: (message: string) => new AwsError("InvalidRequest", message, 400),
  /** Numbered ArgumentName<n>/ArgumentValue<n> elements, one pair per destination. */
  unableToValidateDestinations: (failures: ReadonlyArray<{ name: string; value: string }>) => {
    const fields: Record<string, string> = {};
    failures.forEach((f, i) => {
      fields[`ArgumentName${i + 1}`] = f.name;
      fields[`ArgumentValue${i + 1}`] = f.value;
    });
    return new AwsError(
      "InvalidArgument",
      "Unable to validate the following destination configurations",
      400,
      {
        fields,
      },
    );
  },
  malformedXml: () =>
    new AwsError(
      "MalformedXML",
      "The XML you provided was not well-formed or did not validate against our published schema",
      400,
    ),
  accessDenied: (message = "Access Denied") => new AwsError("AccessDenied", message, 403),
  preconditionFailed: (condition: string) =>
    new AwsError("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", 412, {
      fields: { Condition: condition },
    }),
  invalidRange: (size: number, range: string) =>
    new AwsError("InvalidRange", "The requested range is not satisfiable", 416, {
      fields: { ActualObjectSize: String(size), RangeRequested: range },
      headers: { "content-range": `bytes */${size}` },
    }),
  entityTooSmall: (size: number, min: number) =>
    new AwsError("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size", 400, {
      fields: { ProposedSize: String(size), MinSizeAllowed: String(min) },
    }),
  entityTooLarge: (size: number, max: number) =>
    new AwsError("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", 400, {
      fields: { ProposedSize: String(size), MaxSizeAllowed: String(max) },
    }),
  badDigest: (algorithm: string) =>
    new AwsError(
      "BadDigest",
      `The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.`,
      400,
    ),
  invalidDigest: () => new AwsError("InvalidDigest", "The Content-MD5 you specified was invalid.", 400),
  methodNotAllowed: (method: string, resource: string) =>
    new AwsError("MethodNotAllowed", "The specified method is not allowed against this resource.", 405, {
      fields: { Method: method, ResourceType: resource },
    }),
  /** The "not configured" errors the Terraform provider treats as "empty". */
  notConfigured: (code: string, message: string, bucket: string) =>
    new AwsError(code, message, 404, { fields: { BucketName: bucket } }),
};
