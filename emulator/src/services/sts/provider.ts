import type { TemporaryCredential } from "../../auth/temporary-credentials.ts";
import type { RequestContext } from "../../gateway/context.ts";
import { AwsError, validationError } from "../../protocol/aws-error.ts";
import type { Provider } from "../../protocol/provider.ts";
import { parseRoleArn, uniqueId } from "../iam/identifiers.ts";
import { IamState } from "../iam/state.ts";
import { issueTemporaryCredential } from "./issue.ts";
import type { StsInput, stsSchemas } from "./schemas.ts";

/** STS: who am I, and temporary credentials that the gateway then accepts. */
export class StsProvider implements Provider<typeof stsSchemas> {
  GetCallerIdentity(_input: StsInput<"GetCallerIdentity">, ctx: RequestContext) {
    return { UserId: ctx.principal.userId, Account: ctx.accountId, Arn: ctx.principal.arn };
  }

  AssumeRole(input: StsInput<"AssumeRole">, ctx: RequestContext) {
    const parsed = parseRoleArn(input.RoleArn);
    if (!parsed) throw validationError(`${input.RoleArn} is invalid`);
    const { account: accountId, name: roleName } = parsed;
    const iam = new IamState(ctx.runtime.store, accountId);
    const role = iam.roles.get(IamState.roleKey(roleName));
    if (!role && ctx.runtime.config.auth === "strict") {
      throw new AwsError(
        "AccessDenied",
        `User: ${ctx.principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`,
        403,
      );
    }
    const maxDuration = role?.maxSessionDuration ?? 43200;
    const duration = input.DurationSeconds ?? 3600;
    if (duration > maxDuration) {
      throw validationError(
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
      );
    }
    const roleId = role?.roleId ?? uniqueId("AROA");
    const assumedArn = `arn:aws:sts::${accountId}:assumed-role/${role?.roleName ?? roleName}/${input.RoleSessionName}`;
    const credential = this.issue(ctx, accountId, assumedArn, `${roleId}:${input.RoleSessionName}`, duration);
    // GetRole reports RoleLastUsed, as IAM does after an AssumeRole.
    if (role) iam.markRoleUsed(role.roleName, ctx.region);
    return {
      Credentials: this.credentialsOutput(credential),
      AssumedRoleUser: { AssumedRoleId: credential.userId, Arn: assumedArn },
      PackedPolicySize: input.Policy ? Math.min(100, Math.ceil(input.Policy.length / 20)) : undefined,
    };
  }

  GetSessionToken(input: StsInput<"GetSessionToken">, ctx: RequestContext) {
    const credential = this.issue(
      ctx,
      ctx.accountId,
      ctx.principal.arn,
      ctx.principal.userId,
      input.DurationSeconds ?? 43200,
    );
    return { Credentials: this.credentialsOutput(credential) };
  }

  private issue(ctx: RequestContext, accountId: string, arn: string, userId: string, seconds: number) {
    return issueTemporaryCredential(ctx.runtime.store, { accountId, arn, userId }, seconds);
  }

  private credentialsOutput(c: TemporaryCredential) {
    return {
      AccessKeyId: c.accessKeyId,
      SecretAccessKey: c.secretAccessKey,
      SessionToken: c.sessionToken,
      Expiration: new Date(c.expiration),
    };
  }
}
