/** Topic access policies: the default AWS generates, and the check for callers from other accounts. */

/** The actions SNS's default policy grants the owner, in AWS's order. */
const DEFAULT_ACTIONS = [
  "SNS:GetTopicAttributes",
  "SNS:SetTopicAttributes",
  "SNS:AddPermission",
  "SNS:RemovePermission",
  "SNS:DeleteTopic",
  "SNS:Subscribe",
  "SNS:ListSubscriptionsByTopic",
  "SNS:Publish",
];

/** The Policy attribute of a topic nobody set one for, as AWS generates it. */
export function defaultTopicPolicy(topicArn: string, owner: string): string {
  return JSON.stringify({
    Version: "2008-10-17",
    Id: "__default_policy_ID",
    Statement: [
      {
        Sid: "__default_statement_ID",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: DEFAULT_ACTIONS,
        Resource: topicArn,
        Condition: { StringEquals: { "AWS:SourceOwner": owner } },
      },
    ],
  });
}

interface Caller {
  accountId: string;
  arn: string;
}

/**
 * Whether the topic's policy lets a caller from another account perform `action`. Only
 * unconditional Allow statements count: conditions (the default policy's AWS:SourceOwner
 * among them) are not evaluated, so they grant nothing across accounts. Deny is not modelled.
 */
export function policyAllows(policy: string, caller: Caller, action: string, topicArn: string): boolean {
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch {
    return false;
  }
  const statements = asList((doc as { Statement?: unknown })?.Statement);
  return statements.some((s) => {
    if (s === null || typeof s !== "object") return false;
    const st = s as Record<string, unknown>;
    if (st.Effect !== "Allow" || st.Condition !== undefined) return false;
    return (
      principalMatches(st.Principal, caller) &&
      asList(st.Action).some((a) => typeof a === "string" && actionMatches(a, action)) &&
      asList(st.Resource).some((r) => typeof r === "string" && glob(r, topicArn))
    );
  });
}

function principalMatches(principal: unknown, caller: Caller): boolean {
  if (principal === "*") return true;
  if (principal === null || typeof principal !== "object") return false;
  return asList((principal as { AWS?: unknown }).AWS).some(
    (p) =>
      p === "*" ||
      p === caller.accountId ||
      p === `arn:aws:iam::${caller.accountId}:root` ||
      p === caller.arn,
  );
}

function actionMatches(pattern: string, action: string): boolean {
  return glob(pattern.toLowerCase(), `sns:${action.toLowerCase()}`);
}

function glob(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`).test(value);
}

function asList(v: unknown): unknown[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}
