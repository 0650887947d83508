import { randomBytes } from "node:crypto";
import { TEMPORARY_CREDENTIALS_TABLE, type TemporaryCredential } from "../../auth/temporary-credentials.ts";
import type { StateStore } from "../../state/store.ts";
import { accessKeyId, parseRoleArn, uniqueId } from "../iam/identifiers.ts";
import { IamState } from "../iam/state.ts";

/** Issues temporary credentials the gateway accepts until they expire (AssumeRole, GetSessionToken, Lambda). */
export function issueTemporaryCredential(
  store: StateStore,
  who: { accountId: string; arn: string; userId: string },
  seconds: number,
): TemporaryCredential {
  const credential: TemporaryCredential = {
    accessKeyId: accessKeyId("ASIA"),
    secretAccessKey: randomBytes(30).toString("base64").slice(0, 40),
    sessionToken: `FwoGZXIvYXdzE${randomBytes(96).toString("base64")}`,
    expiration: new Date(Date.now() + seconds * 1000).toISOString(),
    ...who,
  };
  const table = store.table<TemporaryCredential>(TEMPORARY_CREDENTIALS_TABLE);
  // Expired credentials are of no use to anyone; clear them out as new ones are issued.
  const now = Date.now();
  for (const [key, old] of [...table.entries()]) if (Date.parse(old.expiration) < now) table.delete(key);
  table.set(credential.accessKeyId, credential);
  return credential;
}

/**
 * Credentials for a session of `roleArn`, as a service assuming a role on someone's behalf
 * gets them (Lambda for a function's execution role). A role IAM does not know still gets
 * credentials: Lambda only checks a role's shape here.
 */
export function assumeRoleForService(
  store: StateStore,
  roleArn: string,
  sessionName: string,
  seconds: number,
): TemporaryCredential {
  const parsed = parseRoleArn(roleArn);
  const accountId = parsed?.account ?? "000000000000";
  const roleName = parsed?.name ?? "unknown-role";
  const role = new IamState(store, accountId).roles.get(IamState.roleKey(roleName));
  const roleId = role?.roleId ?? uniqueId("AROA");
  return issueTemporaryCredential(
    store,
    {
      accountId,
      arn: `arn:aws:sts::${accountId}:assumed-role/${role?.roleName ?? roleName}/${sessionName}`,
      userId: `${roleId}:${sessionName}`,
    },
    seconds,
  );
}
