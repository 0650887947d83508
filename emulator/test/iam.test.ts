import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  DeleteInstanceProfileCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetInstanceProfileCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListInstanceProfilesForRoleCommand,
  ListPoliciesCommand,
  ListPolicyTagsCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  RemoveRoleFromInstanceProfileCommand,
  SetDefaultPolicyVersionCommand,
  TagPolicyCommand,
  TagRoleCommand,
  UntagPolicyCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  UpdateRoleDescriptionCommand,
} from "@aws-sdk/client-iam";
import { describe, expect, it } from "vitest";
import { emulatorUrl, iamClient, uniqueName } from "./support/clients.ts";
import { expectAwsError } from "./support/expect-aws-error.ts";

// No retries: the SDK retries LimitExceeded as throttling, which only slows the error cases down.
const iam = iamClient(emulatorUrl(), { maxAttempts: 1 });
const ACCOUNT = "000000000000";

// Pretty-printed on purpose: IAM keeps the text as sent, and URL-encodes it on the way out.
const TRUST = JSON.stringify(
  {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
    ],
  },
  null,
  2,
);
const READ_ONLY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: "*" }],
});
const WRITE = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Sid: "Put", Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::b/*" }],
});

async function createRole(prefix = "role", extra: { Path?: string } = {}) {
  const RoleName = uniqueName(prefix);
  const out = await iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: TRUST, ...extra }));
  return out.Role!;
}

async function createPolicy(prefix = "policy", extra: { Path?: string; Description?: string } = {}) {
  const PolicyName = uniqueName(prefix);
  const out = await iam.send(new CreatePolicyCommand({ PolicyName, PolicyDocument: READ_ONLY, ...extra }));
  return out.Policy!;
}

describe("roles", () => {
  it("creates a role and reads it back with GetRole", async () => {
    const RoleName = uniqueName("Role");
    const created = await iam.send(
      new CreateRoleCommand({
        RoleName,
        AssumeRolePolicyDocument: TRUST,
        Description: "image pipeline",
        MaxSessionDuration: 7200,
        Tags: [{ Key: "team", Value: "darkroom" }],
      }),
    );
    expect(created.Role?.Arn).toBe(`arn:aws:iam::${ACCOUNT}:role/${RoleName}`);
    expect(created.Role?.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/);
    expect(created.Role?.Path).toBe("/");
    expect(created.Role?.CreateDate).toBeInstanceOf(Date);

    const { Role } = await iam.send(new GetRoleCommand({ RoleName }));
    expect(Role?.RoleName).toBe(RoleName);
    expect(Role?.RoleId).toBe(created.Role?.RoleId);
    expect(Role?.Description).toBe("image pipeline");
    expect(Role?.MaxSessionDuration).toBe(7200);
    expect(Role?.Tags).toEqual([{ Key: "team", Value: "darkroom" }]);
    expect(Role?.RoleLastUsed).toBeDefined();
    expect(Math.abs(Role!.CreateDate!.getTime() - Date.now())).toBeLessThan(60_000);
    // The SDK hands the document over exactly as IAM sends it: URL-encoded.
    expect(Role?.AssumeRolePolicyDocument).toBe(encodeURIComponent(TRUST));
    expect(Role?.AssumeRolePolicyDocument).not.toContain("{");
    expect(decodeURIComponent(Role!.AssumeRolePolicyDocument!)).toBe(TRUST);
  });

  it("defaults MaxSessionDuration to an hour and leaves out unset fields", async () => {
    const role = await createRole();
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: role.RoleName }));
    expect(Role?.MaxSessionDuration).toBe(3600);
    expect(Role?.Description).toBeUndefined();
    expect(Role?.Tags).toBeUndefined();
    expect(Role?.PermissionsBoundary).toBeUndefined();
  });

  it("puts the path into the ARN", async () => {
    const role = await createRole("pathed", { Path: "/service/images/" });
    expect(role.Path).toBe("/service/images/");
    expect(role.Arn).toBe(`arn:aws:iam::${ACCOUNT}:role/service/images/${role.RoleName}`);
  });

  it("treats role names case-insensitively", async () => {
    const role = await createRole("CaseRole");
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: role.RoleName!.toUpperCase() }));
    expect(Role?.RoleName).toBe(role.RoleName);
    const twin = role.RoleName!.toLowerCase();
    await expectAwsError(
      iam.send(new CreateRoleCommand({ RoleName: twin, AssumeRolePolicyDocument: TRUST })),
      "EntityAlreadyExists",
      409,
      `Role with name ${twin} already exists.`,
    );
  });

  it("answers NoSuchEntity for a role that does not exist", async () => {
    await expectAwsError(
      iam.send(new GetRoleCommand({ RoleName: "no-such-role-anywhere" })),
      "NoSuchEntity",
      404,
      "The role with name no-such-role-anywhere cannot be found.",
    );
    await expectAwsError(
      iam.send(new DeleteRoleCommand({ RoleName: "no-such-role-anywhere" })),
      "NoSuchEntity",
      404,
    );
  });

  it("rejects invalid names, paths and durations with ValidationError", async () => {
    for (const RoleName of ["has space", "x".repeat(65), "semi;colon"]) {
      await expectAwsError(
        iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: TRUST })),
        "ValidationError",
        400,
        /at 'roleName' failed to satisfy constraint/,
      );
    }
    await expectAwsError(
      iam.send(
        new CreateRoleCommand({ RoleName: uniqueName("r"), AssumeRolePolicyDocument: TRUST, Path: "nopath" }),
      ),
      "ValidationError",
      400,
    );
    await expectAwsError(
      iam.send(
        new CreateRoleCommand({
          RoleName: uniqueName("r"),
          AssumeRolePolicyDocument: TRUST,
          MaxSessionDuration: 60,
        }),
      ),
      "ValidationError",
      400,
      /Value '60' at 'maxSessionDuration'/,
    );
  });

  it("rejects malformed trust policies", async () => {
    const cases: Array<[string, string]> = [
      ["{not json", "Syntax errors in policy."],
      ['"a string"', "Syntax errors in policy."],
      [JSON.stringify({ Version: "2012-10-17" }), "Syntax errors in policy."],
      [
        JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole" }] }),
        "Missing required field Principal",
      ],
      [
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole", Resource: "*" }],
        }),
        "Has prohibited field Resource.",
      ],
    ];
    for (const [AssumeRolePolicyDocument, message] of cases) {
      await expectAwsError(
        iam.send(new CreateRoleCommand({ RoleName: uniqueName("bad-trust"), AssumeRolePolicyDocument })),
        "MalformedPolicyDocument",
        400,
        message,
      );
    }
  });

  it("updates the description, session duration and trust policy", async () => {
    const role = await createRole();
    await iam.send(
      new UpdateRoleCommand({ RoleName: role.RoleName, MaxSessionDuration: 43200, Description: "v2" }),
    );
    const described = await iam.send(
      new UpdateRoleDescriptionCommand({ RoleName: role.RoleName, Description: "v3" }),
    );
    expect(described.Role?.Description).toBe("v3");
    const trust = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
    });
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: role.RoleName, PolicyDocument: trust }));
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: role.RoleName }));
    expect(Role?.MaxSessionDuration).toBe(43200);
    expect(Role?.Description).toBe("v3");
    expect(decodeURIComponent(Role!.AssumeRolePolicyDocument!)).toBe(trust);
    await expectAwsError(
      iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: role.RoleName, PolicyDocument: "[]" })),
      "MalformedPolicyDocument",
      400,
    );
  });

  it("lists roles under a path prefix, page by page", async () => {
    const prefix = `/${uniqueName("list")}/`;
    const names = new Set<string>();
    for (let i = 0; i < 5; i++) names.add((await createRole("paged", { Path: prefix })).RoleName!);
    await createRole("elsewhere", { Path: `${prefix}deeper/` });

    const seen: string[] = [];
    let Marker: string | undefined;
    let pages = 0;
    do {
      const out = await iam.send(new ListRolesCommand({ PathPrefix: prefix, MaxItems: 2, Marker }));
      pages++;
      for (const r of out.Roles ?? []) seen.push(r.RoleName!);
      expect(out.Roles!.length).toBeLessThanOrEqual(2);
      if (out.IsTruncated) expect(out.Marker).toBeTruthy();
      else expect(out.Marker).toBeUndefined();
      Marker = out.IsTruncated ? out.Marker : undefined;
    } while (Marker && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    for (const n of names) expect(seen).toContain(n);

    const all = await iam.send(new ListRolesCommand({ PathPrefix: prefix }));
    expect(all.IsTruncated).toBe(false);
    expect(all.Roles).toHaveLength(6);
    // ListRoles leaves out tags and last-used data, as IAM does, but keeps the encoded trust policy.
    expect(all.Roles![0]!.AssumeRolePolicyDocument).toBe(encodeURIComponent(TRUST));
    expect(all.Roles![0]!.RoleLastUsed).toBeUndefined();
  });

  it("sets and removes a permissions boundary", async () => {
    const policy = await createPolicy("boundary");
    const role = await createRole();
    await iam.send(
      new PutRolePermissionsBoundaryCommand({ RoleName: role.RoleName, PermissionsBoundary: policy.Arn }),
    );
    const got = await iam.send(new GetRoleCommand({ RoleName: role.RoleName }));
    expect(got.Role?.PermissionsBoundary).toEqual({
      PermissionsBoundaryType: "Policy",
      PermissionsBoundaryArn: policy.Arn,
    });
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: policy.Arn }));
    expect(Policy?.PermissionsBoundaryUsageCount).toBe(1);
    expect(Policy?.AttachmentCount).toBe(0);
    await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: role.RoleName }));
    const after = await iam.send(new GetRoleCommand({ RoleName: role.RoleName }));
    expect(after.Role?.PermissionsBoundary).toBeUndefined();

    const missing = `arn:aws:iam::${ACCOUNT}:policy/${uniqueName("nothing")}`;
    await expectAwsError(
      iam.send(
        new PutRolePermissionsBoundaryCommand({ RoleName: role.RoleName, PermissionsBoundary: missing }),
      ),
      "NoSuchEntity",
      404,
      `Scope ARN: ${missing} does not exist or is not attachable.`,
    );
  });
});

describe("inline role policies", () => {
  it("puts, reads (URL-encoded), lists and deletes inline policies", async () => {
    const role = await createRole();
    const RoleName = role.RoleName!;
    await iam.send(new PutRolePolicyCommand({ RoleName, PolicyName: "write", PolicyDocument: WRITE }));
    await iam.send(new PutRolePolicyCommand({ RoleName, PolicyName: "read", PolicyDocument: READ_ONLY }));

    const got = await iam.send(new GetRolePolicyCommand({ RoleName, PolicyName: "write" }));
    expect(got.RoleName).toBe(RoleName);
    expect(got.PolicyName).toBe("write");
    expect(got.PolicyDocument).toBe(encodeURIComponent(WRITE));
    expect(got.PolicyDocument).toContain("%22Statement%22");
    expect(JSON.parse(decodeURIComponent(got.PolicyDocument!))).toEqual(JSON.parse(WRITE));

    const listed = await iam.send(new ListRolePoliciesCommand({ RoleName }));
    expect(listed.PolicyNames).toEqual(["read", "write"]);
    expect(listed.IsTruncated).toBe(false);

    const firstPage = await iam.send(new ListRolePoliciesCommand({ RoleName, MaxItems: 1 }));
    expect(firstPage.PolicyNames).toEqual(["read"]);
    expect(firstPage.IsTruncated).toBe(true);
    const secondPage = await iam.send(new ListRolePoliciesCommand({ RoleName, Marker: firstPage.Marker }));
    expect(secondPage.PolicyNames).toEqual(["write"]);
    expect(secondPage.IsTruncated).toBe(false);

    // Putting the same name again replaces the document.
    await iam.send(new PutRolePolicyCommand({ RoleName, PolicyName: "write", PolicyDocument: READ_ONLY }));
    const replaced = await iam.send(new GetRolePolicyCommand({ RoleName, PolicyName: "write" }));
    expect(decodeURIComponent(replaced.PolicyDocument!)).toBe(READ_ONLY);

    await iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName: "write" }));
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName }))).PolicyNames).toEqual(["read"]);
    await expectAwsError(
      iam.send(new GetRolePolicyCommand({ RoleName, PolicyName: "write" })),
      "NoSuchEntity",
      404,
      "The role policy with name write cannot be found.",
    );
    await expectAwsError(
      iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName: "write" })),
      "NoSuchEntity",
      404,
      "The role policy with name write cannot be found.",
    );
  });

  it("lists an empty set of inline policies", async () => {
    const role = await createRole();
    const listed = await iam.send(new ListRolePoliciesCommand({ RoleName: role.RoleName }));
    expect(listed.PolicyNames).toEqual([]);
    expect(listed.IsTruncated).toBe(false);
  });

  it("rejects malformed identity policies and unknown roles", async () => {
    const role = await createRole();
    const cases: Array<[string, string]> = [
      ["not json", "Syntax errors in policy."],
      [
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Maybe", Action: "s3:*", Resource: "*" }],
        }),
        "Syntax errors in policy.",
      ],
      [
        JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Resource: "*" }] }),
        "Policy statement must contain actions.",
      ],
      [
        JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*" }] }),
        "Policy statement must contain resources.",
      ],
      [
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*" }],
        }),
        "Policy document should not specify a principal.",
      ],
    ];
    for (const [PolicyDocument, message] of cases) {
      await expectAwsError(
        iam.send(new PutRolePolicyCommand({ RoleName: role.RoleName, PolicyName: "p", PolicyDocument })),
        "MalformedPolicyDocument",
        400,
        message,
      );
    }
    await expectAwsError(
      iam.send(
        new PutRolePolicyCommand({ RoleName: "no-such-role-x", PolicyName: "p", PolicyDocument: WRITE }),
      ),
      "NoSuchEntity",
      404,
      "The role with name no-such-role-x cannot be found.",
    );
  });
});

describe("managed policies", () => {
  it("creates a policy and reads it and its default version", async () => {
    const PolicyName = uniqueName("managed");
    const created = await iam.send(
      new CreatePolicyCommand({
        PolicyName,
        Path: "/team/",
        PolicyDocument: READ_ONLY,
        Description: "read images",
        Tags: [{ Key: "env", Value: "test" }],
      }),
    );
    const arn = `arn:aws:iam::${ACCOUNT}:policy/team/${PolicyName}`;
    expect(created.Policy?.Arn).toBe(arn);
    expect(created.Policy?.PolicyId).toMatch(/^ANPA[A-Z0-9]{17}$/);
    expect(created.Policy?.DefaultVersionId).toBe("v1");
    expect(created.Policy?.AttachmentCount).toBe(0);
    expect(created.Policy?.IsAttachable).toBe(true);

    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
    expect(Policy?.PolicyName).toBe(PolicyName);
    expect(Policy?.Path).toBe("/team/");
    expect(Policy?.Description).toBe("read images");
    expect(Policy?.Tags).toEqual([{ Key: "env", Value: "test" }]);
    expect(Policy?.CreateDate).toBeInstanceOf(Date);
    expect(Policy?.UpdateDate).toBeInstanceOf(Date);

    const { PolicyVersion } = await iam.send(
      new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: "v1" }),
    );
    expect(PolicyVersion?.IsDefaultVersion).toBe(true);
    expect(PolicyVersion?.Document).toBe(encodeURIComponent(READ_ONLY));
    expect(decodeURIComponent(PolicyVersion!.Document!)).toBe(READ_ONLY);
  });

  it("refuses duplicate names, unknown ARNs and malformed ARNs", async () => {
    const policy = await createPolicy();
    await expectAwsError(
      iam.send(
        new CreatePolicyCommand({
          PolicyName: policy.PolicyName,
          PolicyDocument: READ_ONLY,
          Path: "/other/",
        }),
      ),
      "EntityAlreadyExists",
      409,
      `A policy called ${policy.PolicyName} already exists. Duplicate names are not allowed.`,
    );
    const missing = `arn:aws:iam::${ACCOUNT}:policy/${uniqueName("missing")}`;
    await expectAwsError(
      iam.send(new GetPolicyCommand({ PolicyArn: missing })),
      "NoSuchEntity",
      404,
      `Policy ${missing} was not found.`,
    );
    await expectAwsError(
      iam.send(new GetPolicyCommand({ PolicyArn: "arn:aws:s3:::not-a-policy-at-all" })),
      "InvalidInput",
      400,
      "ARN arn:aws:s3:::not-a-policy-at-all is not valid.",
    );
    await expectAwsError(
      iam.send(new GetPolicyVersionCommand({ PolicyArn: policy.Arn, VersionId: "v9" })),
      "NoSuchEntity",
      404,
      `Policy ${policy.Arn} version v9 does not exist or is not attachable.`,
    );
  });

  it("manages versions: create, default, list, the limit of five, delete", async () => {
    const policy = await createPolicy();
    const PolicyArn = policy.Arn!;
    const v2 = await iam.send(
      new CreatePolicyVersionCommand({ PolicyArn, PolicyDocument: WRITE, SetAsDefault: true }),
    );
    expect(v2.PolicyVersion?.VersionId).toBe("v2");
    expect(v2.PolicyVersion?.IsDefaultVersion).toBe(true);
    expect((await iam.send(new GetPolicyCommand({ PolicyArn }))).Policy?.DefaultVersionId).toBe("v2");

    const v3 = await iam.send(new CreatePolicyVersionCommand({ PolicyArn, PolicyDocument: READ_ONLY }));
    expect(v3.PolicyVersion?.IsDefaultVersion).toBe(false);
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn, PolicyDocument: READ_ONLY }));
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn, PolicyDocument: READ_ONLY }));
    await expectAwsError(
      iam.send(new CreatePolicyVersionCommand({ PolicyArn, PolicyDocument: READ_ONLY })),
      "LimitExceeded",
      409,
      "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.",
    );

    const listed = await iam.send(new ListPolicyVersionsCommand({ PolicyArn }));
    expect(listed.Versions?.map((v) => v.VersionId)).toEqual(["v5", "v4", "v3", "v2", "v1"]);
    expect(listed.Versions?.filter((v) => v.IsDefaultVersion).map((v) => v.VersionId)).toEqual(["v2"]);
    expect(listed.Versions?.[0]?.Document).toBeUndefined();

    await expectAwsError(
      iam.send(new DeletePolicyVersionCommand({ PolicyArn, VersionId: "v2" })),
      "DeleteConflict",
      409,
      "Cannot delete the default version of a policy.",
    );
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn, VersionId: "v3" }));
    const v3read = await iam.send(new GetPolicyVersionCommand({ PolicyArn, VersionId: "v3" }));
    expect(v3read.PolicyVersion?.IsDefaultVersion).toBe(true);
    expect((await iam.send(new GetPolicyCommand({ PolicyArn }))).Policy?.DefaultVersionId).toBe("v3");

    await expectAwsError(
      iam.send(new DeletePolicyCommand({ PolicyArn })),
      "DeleteConflict",
      409,
      "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
    );
    for (const VersionId of ["v1", "v2", "v4", "v5"]) {
      await iam.send(new DeletePolicyVersionCommand({ PolicyArn, VersionId }));
    }
    // Version numbers keep counting up after deletions.
    const v6 = await iam.send(new CreatePolicyVersionCommand({ PolicyArn, PolicyDocument: WRITE }));
    expect(v6.PolicyVersion?.VersionId).toBe("v6");
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn, VersionId: "v6" }));
    await iam.send(new DeletePolicyCommand({ PolicyArn }));
    await expectAwsError(iam.send(new GetPolicyCommand({ PolicyArn })), "NoSuchEntity", 404);
  });

  it("lists local policies by path prefix, with paging and OnlyAttached", async () => {
    const Path = `/${uniqueName("plist")}/`;
    const arns: string[] = [];
    for (let i = 0; i < 3; i++) arns.push((await createPolicy("listed", { Path, Description: "d" })).Arn!);
    const role = await createRole();
    await iam.send(new AttachRolePolicyCommand({ RoleName: role.RoleName, PolicyArn: arns[1] }));

    const all = await iam.send(new ListPoliciesCommand({ Scope: "Local", PathPrefix: Path }));
    expect(all.Policies?.map((p) => p.Arn).sort()).toEqual([...arns].sort());
    expect(all.IsTruncated).toBe(false);
    // ListPolicies leaves out descriptions, as IAM does.
    expect(all.Policies?.[0]?.Description).toBeUndefined();

    const first = await iam.send(new ListPoliciesCommand({ Scope: "Local", PathPrefix: Path, MaxItems: 2 }));
    expect(first.Policies).toHaveLength(2);
    expect(first.IsTruncated).toBe(true);
    const rest = await iam.send(
      new ListPoliciesCommand({ Scope: "Local", PathPrefix: Path, Marker: first.Marker }),
    );
    expect(rest.Policies).toHaveLength(1);
    expect(rest.IsTruncated).toBe(false);
    expect(new Set([...first.Policies!, ...rest.Policies!].map((p) => p.Arn)).size).toBe(3);

    const attached = await iam.send(new ListPoliciesCommand({ PathPrefix: Path, OnlyAttached: true }));
    expect(attached.Policies?.map((p) => p.Arn)).toEqual([arns[1]]);
    expect(attached.Policies?.[0]?.AttachmentCount).toBe(1);

    const awsOnly = await iam.send(new ListPoliciesCommand({ Scope: "AWS", PathPrefix: Path }));
    expect(awsOnly.Policies).toEqual([]);
  });
});

describe("attaching managed policies to roles", () => {
  it("attaches, counts, lists and detaches customer and AWS-managed policies", async () => {
    const role = await createRole();
    const RoleName = role.RoleName!;
    const policy = await createPolicy();
    const awsArn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

    await iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: policy.Arn }));
    await iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: awsArn }));
    // Attaching again changes nothing.
    await iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: policy.Arn }));

    const listed = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName }));
    expect(listed.AttachedPolicies).toEqual([
      { PolicyName: policy.PolicyName, PolicyArn: policy.Arn },
      { PolicyName: "AWSLambdaBasicExecutionRole", PolicyArn: awsArn },
    ]);
    expect(listed.IsTruncated).toBe(false);
    const filtered = await iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName, PathPrefix: "/service-role/" }),
    );
    expect(filtered.AttachedPolicies?.map((p) => p.PolicyArn)).toEqual([awsArn]);

    expect((await iam.send(new GetPolicyCommand({ PolicyArn: policy.Arn }))).Policy?.AttachmentCount).toBe(1);
    const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: policy.Arn }));
    expect(entities.PolicyRoles).toEqual([{ RoleName, RoleId: role.RoleId }]);
    expect(entities.PolicyUsers).toEqual([]);
    expect(entities.PolicyGroups).toEqual([]);

    const awsPolicy = await iam.send(new GetPolicyCommand({ PolicyArn: awsArn }));
    expect(awsPolicy.Policy?.PolicyName).toBe("AWSLambdaBasicExecutionRole");
    expect(awsPolicy.Policy?.Path).toBe("/service-role/");
    expect(awsPolicy.Policy?.AttachmentCount).toBeGreaterThanOrEqual(1);
    const awsListed = await iam.send(new ListPoliciesCommand({ Scope: "AWS", OnlyAttached: true }));
    expect(awsListed.Policies?.map((p) => p.Arn)).toContain(awsArn);

    await expectAwsError(
      iam.send(new DeletePolicyCommand({ PolicyArn: policy.Arn })),
      "DeleteConflict",
      409,
      "Cannot delete a policy attached to entities.",
    );
    await expectAwsError(
      iam.send(new DeleteRoleCommand({ RoleName })),
      "DeleteConflict",
      409,
      "Cannot delete entity, must detach all policies first.",
    );

    await iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn: policy.Arn }));
    await iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn: awsArn }));
    expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName }))).AttachedPolicies).toEqual([]);
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: policy.Arn }))).Policy?.AttachmentCount).toBe(0);
    await expectAwsError(
      iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn: policy.Arn })),
      "NoSuchEntity",
      404,
      `Policy ${policy.Arn} was not found.`,
    );
    await iam.send(new DeletePolicyCommand({ PolicyArn: policy.Arn }));
    await iam.send(new DeleteRoleCommand({ RoleName }));
    await expectAwsError(iam.send(new GetRoleCommand({ RoleName })), "NoSuchEntity", 404);
  });

  it("refuses policies that do not exist and roles that do not", async () => {
    const role = await createRole();
    const missing = `arn:aws:iam::${ACCOUNT}:policy/${uniqueName("absent")}`;
    await expectAwsError(
      iam.send(new AttachRolePolicyCommand({ RoleName: role.RoleName, PolicyArn: missing })),
      "NoSuchEntity",
      404,
      `Policy ${missing} does not exist or is not attachable.`,
    );
    const policy = await createPolicy();
    await expectAwsError(
      iam.send(new AttachRolePolicyCommand({ RoleName: "no-such-role-y", PolicyArn: policy.Arn })),
      "NoSuchEntity",
      404,
      "The role with name no-such-role-y cannot be found.",
    );
  });

  it("pages through attached policies", async () => {
    const role = await createRole();
    const arns: string[] = [];
    for (let i = 0; i < 3; i++) {
      const p = await createPolicy("page");
      arns.push(p.Arn!);
      await iam.send(new AttachRolePolicyCommand({ RoleName: role.RoleName, PolicyArn: p.Arn }));
    }
    const first = await iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: role.RoleName, MaxItems: 2 }),
    );
    expect(first.AttachedPolicies?.map((p) => p.PolicyArn)).toEqual(arns.slice(0, 2));
    expect(first.IsTruncated).toBe(true);
    const second = await iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: role.RoleName, Marker: first.Marker }),
    );
    expect(second.AttachedPolicies?.map((p) => p.PolicyArn)).toEqual(arns.slice(2));
    expect(second.IsTruncated).toBe(false);
    expect(second.Marker).toBeUndefined();
  });
});

describe("deleting roles", () => {
  it("refuses while inline policies remain", async () => {
    const role = await createRole();
    await iam.send(
      new PutRolePolicyCommand({ RoleName: role.RoleName, PolicyName: "inline", PolicyDocument: WRITE }),
    );
    await expectAwsError(
      iam.send(new DeleteRoleCommand({ RoleName: role.RoleName })),
      "DeleteConflict",
      409,
      "Cannot delete entity, must delete policies first.",
    );
    await iam.send(new DeleteRolePolicyCommand({ RoleName: role.RoleName, PolicyName: "inline" }));
    await iam.send(new DeleteRoleCommand({ RoleName: role.RoleName }));
  });

  it("refuses while the role is in an instance profile", async () => {
    const role = await createRole();
    const RoleName = role.RoleName!;
    expect((await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName }))).InstanceProfiles).toEqual(
      [],
    );

    const InstanceProfileName = uniqueName("profile");
    const created = await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName }));
    expect(created.InstanceProfile?.Arn).toBe(
      `arn:aws:iam::${ACCOUNT}:instance-profile/${InstanceProfileName}`,
    );
    expect(created.InstanceProfile?.InstanceProfileId).toMatch(/^AIPA[A-Z0-9]{17}$/);
    expect(created.InstanceProfile?.Roles).toEqual([]);
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName, RoleName }));
    await expectAwsError(
      iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName, RoleName })),
      "LimitExceeded",
      409,
      "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1",
    );

    const profiles = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName }));
    expect(profiles.InstanceProfiles?.map((p) => p.InstanceProfileName)).toEqual([InstanceProfileName]);
    expect(profiles.InstanceProfiles?.[0]?.Roles?.map((r) => r.RoleName)).toEqual([RoleName]);
    const got = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName }));
    expect(got.InstanceProfile?.Roles?.[0]?.Arn).toBe(role.Arn);

    await expectAwsError(
      iam.send(new DeleteRoleCommand({ RoleName })),
      "DeleteConflict",
      409,
      "Cannot delete entity, must remove roles from instance profile first.",
    );
    await expectAwsError(
      iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName })),
      "DeleteConflict",
      409,
      "Cannot delete entity, must remove roles from instance profile first.",
    );
    await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName, RoleName }));
    await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName }));
    await expectAwsError(
      iam.send(new GetInstanceProfileCommand({ InstanceProfileName })),
      "NoSuchEntity",
      404,
      `Instance Profile ${InstanceProfileName} cannot be found.`,
    );
    await iam.send(new DeleteRoleCommand({ RoleName }));
  });
});

describe("tags", () => {
  it("tags, retags and untags a role", async () => {
    const role = await createRole();
    const RoleName = role.RoleName!;
    await iam.send(
      new TagRoleCommand({
        RoleName,
        Tags: [
          { Key: "team", Value: "darkroom" },
          { Key: "stage", Value: "dev" },
        ],
      }),
    );
    // Keys match without regard to case: this overwrites "stage".
    await iam.send(new TagRoleCommand({ RoleName, Tags: [{ Key: "Stage", Value: "prod" }] }));
    const listed = await iam.send(new ListRoleTagsCommand({ RoleName }));
    expect(listed.Tags).toEqual([
      { Key: "team", Value: "darkroom" },
      { Key: "Stage", Value: "prod" },
    ]);
    expect(listed.IsTruncated).toBe(false);
    const page = await iam.send(new ListRoleTagsCommand({ RoleName, MaxItems: 1 }));
    expect(page.Tags).toEqual([{ Key: "team", Value: "darkroom" }]);
    expect(page.IsTruncated).toBe(true);

    await iam.send(new UntagRoleCommand({ RoleName, TagKeys: ["TEAM"] }));
    expect((await iam.send(new GetRoleCommand({ RoleName }))).Role?.Tags).toEqual([
      { Key: "Stage", Value: "prod" },
    ]);

    await expectAwsError(
      iam.send(
        new TagRoleCommand({
          RoleName,
          Tags: [
            { Key: "dup", Value: "1" },
            { Key: "DUP", Value: "2" },
          ],
        }),
      ),
      "InvalidInput",
      400,
      "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
    );
    await expectAwsError(
      iam.send(new TagRoleCommand({ RoleName, Tags: [{ Key: "k".repeat(129), Value: "v" }] })),
      "ValidationError",
      400,
    );
    const tooMany = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
    await expectAwsError(iam.send(new TagRoleCommand({ RoleName, Tags: tooMany })), "LimitExceeded", 409);
    await expectAwsError(
      iam.send(new ListRoleTagsCommand({ RoleName: "no-such-role-z" })),
      "NoSuchEntity",
      404,
    );
  });

  it("tags and untags a managed policy", async () => {
    const policy = await createPolicy();
    const PolicyArn = policy.Arn!;
    await iam.send(new TagPolicyCommand({ PolicyArn, Tags: [{ Key: "owner", Value: "images" }] }));
    expect((await iam.send(new ListPolicyTagsCommand({ PolicyArn }))).Tags).toEqual([
      { Key: "owner", Value: "images" },
    ]);
    expect((await iam.send(new GetPolicyCommand({ PolicyArn }))).Policy?.Tags).toEqual([
      { Key: "owner", Value: "images" },
    ]);
    await iam.send(new UntagPolicyCommand({ PolicyArn, TagKeys: ["owner"] }));
    const after = await iam.send(new ListPolicyTagsCommand({ PolicyArn }));
    expect(after.Tags).toEqual([]);
    expect((await iam.send(new GetPolicyCommand({ PolicyArn }))).Policy?.Tags).toBeUndefined();
  });
});
