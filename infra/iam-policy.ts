/**
 * IAM policy documents as plain JSON text. Resource ARNs may hold Terraform references (CDKTF
 * tokens), which synthesize to `${aws_s3_bucket.x.arn}` inside the string: the document stays
 * JSON that a test can parse and check statement by statement.
 */
export interface PolicyStatement {
  Sid: string;
  Effect: "Allow";
  Action: string[];
  Resource: string[];
  Principal?: { Service: string };
  Condition?: Record<string, Record<string, string>>;
}

export function policyDocument(statements: PolicyStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

export function allow(sid: string, actions: string[], resources: string[]): PolicyStatement {
  return { Sid: sid, Effect: "Allow", Action: actions, Resource: resources };
}

/** The objects under `prefix` (e.g. "uploads/") of a bucket, and nothing else in it. */
export function objectsUnder(bucketArn: string, prefix: string): string {
  return `${bucketArn}/${prefix}*`;
}

/** Who may assume a function's role: the Lambda service, nobody else. */
export const LAMBDA_TRUST_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
});
