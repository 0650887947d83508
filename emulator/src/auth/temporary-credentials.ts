/** Credentials STS issued (AssumeRole); the gateway accepts them until they expire. */
export interface TemporaryCredential {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** ISO 8601. */
  expiration: string;
  accountId: string;
  /** arn:aws:sts::<account>:assumed-role/<role>/<session> */
  arn: string;
  /** <role id>:<session name> */
  userId: string;
}

/** Global (not per-region) table keyed by access key id. */
export const TEMPORARY_CREDENTIALS_TABLE = "sts/temporary-credentials";
