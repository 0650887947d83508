import { randomBytes } from "node:crypto";
import { TEMPORARY_CREDENTIALS_TABLE, type TemporaryCredential } from "../../auth/temporary-credentials.ts";
import type { RequestContext } from "../../gateway/context.ts";
import { AwsError } from "../../protocol/aws-error.ts";
import type { Provider } from "../../protocol/provider.ts";
import { IamState } from "../iam/state.ts";
import type { StsInput, stsSchemas } from "./schemas.ts";

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/;

function randomKey(prefix: string, length: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const bytes = randomBytes(length);
  let out = prefix;
  for (let i = 0; out.length < length; i++) out += alphabet[bytes[i]! % alphabet.length];
  return out;
}

/** STS: who am I, and temporary credentials that the gateway then accepts. */
export class StsProvider implements Provider<typeof stsSchemas> {
  GetCallerIdentity(_input: StsInput<"GetCallerIdentity">, ctx: RequestContext) {
    return { UserId: ctx.principal.userId, Account: ctx.accountId, Arn: ctx.principal.arn };
  }

  AssumeRole(input: StsInput<"AssumeRole">, ctx: RequestContext) {
    const m = ROLE_ARN.exec(input.RoleArn);
    if (!m) throw new AwsError("ValidationError", `${input.RoleArn} is invalid`, 400);
    const [, accountId, roleName] = m as unknown as [string, string, string];
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
      throw new AwsError(
        "ValidationError",
        `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`,
        400,
      );
    }
    const roleId = role?.roleId ?? randomKey("AROA", 21);
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

  private issue(
    ctx: RequestContext,
    accountId: string,
    arn: string,
    userId: string,
    seconds: number,
  ): TemporaryCredential {
    const credential: TemporaryCredential = {
      accessKeyId: randomKey("ASIA", 20),
      secretAccessKey: randomBytes(30).toString("base64").slice(0, 40),
      sessionToken: `FwoGZXIvYXdzE${randomBytes(96).toString("base64")}`,
      expiration: new Date(Date.now() + seconds * 1000).toISOString(),
      accountId,
      arn,
      userId,
    };
    ctx.runtime.store
      .table<TemporaryCredential>(TEMPORARY_CREDENTIALS_TABLE)
      .set(credential.accessKeyId, credential);
    return credential;
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
