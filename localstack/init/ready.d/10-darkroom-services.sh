#!/bin/bash
# LocalStack runs this inside its container once it serves requests (ready.d). It creates nothing:
# every bucket, table, function, topic and alarm belongs to the CDKTF app (`npm run deploy --
# --target localstack`). It makes one read-only call to each service that app deploys to, which
# starts each service now rather than during the first deploy, and logs which ones answered.
# A service that does not answer (left out of SERVICES, say) fails the hook: LocalStack then
# reports it as ERROR at /_localstack/init/ready, and the compose health check stays unhealthy.
set -uo pipefail

# Hooks get no AWS settings of their own; LocalStack accepts any key pair.
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"
# A service that is missing should fail in seconds, not after the CLI's retries and 60 s timeouts.
export AWS_MAX_ATTEMPTS="${AWS_MAX_ATTEMPTS:-2}"

answered=()
missing=()

# probe <service> <awslocal arguments...>
probe() {
  local service="$1" error
  shift
  if error="$(awslocal --cli-connect-timeout 5 --cli-read-timeout 30 "$@" 2>&1 >/dev/null)"; then
    answered+=("$service")
  else
    missing+=("$service")
    echo "darkroom: $service did not answer: $(printf '%s' "$error" | tr -s '\n' ' ' | cut -c1-200)" >&2
  fi
}

# The services in LOCAL_SERVICES (infra/provider.ts), in that order.
probe s3 s3api list-buckets
probe sts sts get-caller-identity
probe iam iam list-roles --max-items 1
probe dynamodb dynamodb list-tables --max-items 1
probe lambda lambda list-functions --max-items 1
probe logs logs describe-log-groups --limit 1
probe cloudwatch cloudwatch describe-alarms --max-records 1
probe sns sns list-topics

echo "darkroom: answering: ${answered[*]:-none}"
echo "darkroom: the localstack target deploys the processor without labels (free LocalStack has no Rekognition)"
if ((${#missing[@]} > 0)); then
  echo "darkroom: not answering: ${missing[*]}; Darkroom cannot deploy here until they do" >&2
  exit 1
fi
echo "darkroom: LocalStack is ready for npm run deploy -- --target localstack"
