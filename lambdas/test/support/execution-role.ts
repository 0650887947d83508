/**
 * The functions' execution role: Lambda may assume it, and its inline policy grants what the
 * two functions do and nothing else (the CDKTF stack will carry the same grants, per function).
 */
export const LAMBDA_TRUST_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

export interface RoleResources {
  uploadsBucket: string;
  mediaBucket: string;
  tableArn: string;
}

export function executionPolicy({ uploadsBucket, mediaBucket, tableArn }: RoleResources): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject"],
        Resource: `arn:aws:s3:::${uploadsBucket}/*`,
      },
      {
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        Resource: `arn:aws:s3:::${mediaBucket}/*`,
      },
      { Effect: "Allow", Action: "s3:ListBucket", Resource: `arn:aws:s3:::${mediaBucket}` },
      {
        Effect: "Allow",
        Action: [
          "dynamodb:GetItem",
          "dynamodb:PutItem",
          "dynamodb:UpdateItem",
          "dynamodb:DeleteItem",
          "dynamodb:Query",
          "dynamodb:BatchGetItem",
          // Transactions are authorised item by item, by the actions above and this one.
          "dynamodb:ConditionCheckItem",
        ],
        Resource: [tableArn, `${tableArn}/index/*`],
      },
      { Effect: "Allow", Action: "rekognition:DetectLabels", Resource: "*" },
      {
        Effect: "Allow",
        Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: "*",
      },
    ],
  });
}
