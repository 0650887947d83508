import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { awsClient } from "@darkroom/aws-clients";
import { DeployError } from "./deploy-error.ts";
import type { DeployReporter } from "./deploy-report.ts";

/**
 * Deploying to AWS creates billable resources in a real account, so it needs an explicit
 * --yes and credentials that AWS accepts, and it must not be silently redirected to an
 * emulator by an AWS_ENDPOINT_URL left in the shell. Says which account it will deploy to.
 */
export async function assertAwsDeployAllowed(options: {
  confirmed: boolean;
  env: NodeJS.ProcessEnv;
  reporter: DeployReporter;
  region: string;
}): Promise<void> {
  const { env } = options;
  const redirect = Object.keys(env).find((name) => name.startsWith("AWS_ENDPOINT_URL") && env[name]);
  if (redirect) {
    throw new DeployError(
      `${redirect}=${env[redirect]} is set, which would send the aws target's calls elsewhere: unset it to deploy to AWS`,
    );
  }
  if (!options.confirmed) {
    throw new DeployError(
      "deploying to AWS creates billable resources in your account: run again with --yes to go ahead",
    );
  }
  const sts = awsClient(
    STSClient,
    { maxAttempts: 2 },
    { region: options.region, endpoint: undefined, s3PathStyle: false },
  );
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    options.reporter.info(`deploying to AWS account ${identity.Account} as ${identity.Arn}`);
  } catch (error) {
    throw new DeployError(credentialProblem(error));
  } finally {
    sts.destroy();
  }
}

/** What went wrong checking the credentials, and what to do: none found, refused, or no answer. */
function credentialProblem(error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : "";
  if (name === "CredentialsProviderError") {
    return `no AWS credentials found (${reason}): set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run \`aws sso login\``;
  }
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status !== undefined) return `AWS refused the credentials (${name}: ${reason}): check or renew them`;
  return `could not reach AWS STS to check the credentials (${reason}): check the network and the region`;
}
