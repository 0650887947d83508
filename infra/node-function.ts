import { relative } from "node:path";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group/index.js";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role/index.js";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy/index.js";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function/index.js";
import { Construct } from "constructs";
import { allow, LAMBDA_TRUST_POLICY, type PolicyStatement, policyDocument } from "./iam-policy.ts";
import type { LambdaBundle } from "./lambda-bundles.ts";

export interface NodeFunctionProps {
  functionName: string;
  bundle: LambdaBundle;
  /** The folder Terraform runs in (cdktf.out/stacks/<stack>): `filename` is relative to it. */
  stackDir: string;
  memoryMb: number;
  timeoutSeconds: number;
  environment: Record<string, string>;
  /** What the function's code calls; writing its own logs is added here. */
  statements: PolicyStatement[];
  logRetentionDays: number;
}

/**
 * One function from a built zip with its own role (only its statements, no managed policies)
 * and its log group, created first so the logs land under a retention policy rather than in a
 * group Lambda would create without one.
 */
export class NodeFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id);
    this.logGroup = new CloudwatchLogGroup(this, "logs", {
      name: `/aws/lambda/${props.functionName}`,
      retentionInDays: props.logRetentionDays,
    });
    this.role = new IamRole(this, "role", {
      name: `${props.functionName}-role`,
      assumeRolePolicy: LAMBDA_TRUST_POLICY,
    });
    const policy = new IamRolePolicy(this, "policy", {
      name: `${props.functionName}-access`,
      role: this.role.id,
      policy: policyDocument([
        ...props.statements,
        allow("OwnLogs", ["logs:CreateLogStream", "logs:PutLogEvents"], [`${this.logGroup.arn}:*`]),
      ]),
    });
    const bundle = props.bundle;
    this.function = new LambdaFunction(this, "function", {
      functionName: props.functionName,
      role: this.role.arn,
      filename: relative(props.stackDir, bundle.zipPath),
      sourceCodeHash: bundle.sha256,
      runtime: bundle.runtime,
      handler: bundle.handler,
      architectures: [bundle.architecture],
      memorySize: props.memoryMb,
      timeout: props.timeoutSeconds,
      // Stack traces through the bundle's source map (lambdas/README.md).
      environment: { variables: { NODE_OPTIONS: "--enable-source-maps", ...props.environment } },
      dependsOn: [this.logGroup, policy],
    });
  }
}
