import { AwsError } from "../../protocol/aws-error.ts";

/** Rekognition's errors: client errors are 400s, with the codes and wording AWS uses. */

export const invalidParameter = (message = "Request has invalid parameters") =>
  new AwsError("InvalidParameterException", message, 400);

export const invalidImageFormat = (message = "Request has invalid image format") =>
  new AwsError("InvalidImageFormatException", message, 400);

export const imageTooLarge = (message = "Image size is too large.") =>
  new AwsError("ImageTooLargeException", message, 400);

export const invalidS3Object = () =>
  new AwsError(
    "InvalidS3ObjectException",
    "Unable to get object metadata from S3. Check object key, region and/or access permissions.",
    400,
  );

export const internalServerError = (message: string) =>
  new AwsError("InternalServerError", message, 500, { fault: "Receiver" });

/** DARKROOM_REKOGNITION=off: every call is refused the way an account without access is. */
export const serviceOff = () =>
  new AwsError(
    "AccessDeniedException",
    "Rekognition is switched off in this emulator (DARKROOM_REKOGNITION=off); set it to model or aws to use it.",
    400,
  );
