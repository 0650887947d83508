import {
  CreateBucketCommand,
  DeleteBucketCorsCommand,
  DeleteBucketEncryptionCommand,
  DeleteBucketLifecycleCommand,
  DeleteBucketOwnershipControlsCommand,
  DeleteBucketPolicyCommand,
  DeleteBucketReplicationCommand,
  DeleteBucketTaggingCommand,
  DeleteBucketWebsiteCommand,
  DeletePublicAccessBlockCommand,
  GetBucketAccelerateConfigurationCommand,
  GetBucketAclCommand,
  GetBucketCorsCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLoggingCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketReplicationCommand,
  GetBucketRequestPaymentCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetBucketWebsiteCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  type LifecycleRule,
  PutBucketAccelerateConfigurationCommand,
  PutBucketAclCommand,
  PutBucketCorsCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketLoggingCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutBucketReplicationCommand,
  PutBucketRequestPaymentCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutBucketWebsiteCommand,
  PutObjectLockConfigurationCommand,
  PutPublicAccessBlockCommand,
} from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import {
  notificationConfigurationOf,
  targetsFor,
} from "../src/services/s3/operations/bucket-config/notification-configuration.ts";
import { s3Client, uniqueName } from "./support/clients.ts";
import { expectS3Error } from "./support/expect-aws-error.ts";

const s3 = s3Client();

async function newBucket(prefix: string, objectLock = false): Promise<string> {
  const bucket = uniqueName(prefix);
  await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: objectLock }));
  return bucket;
}

async function enableVersioning(bucket: string) {
  await s3.send(
    new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }),
  );
}

describe("CORS configuration", () => {
  it("answers NoSuchCORSConfiguration until set, round-trips the rules, and deletes them", async () => {
    const bucket = await newBucket("cfg-cors");
    await expectS3Error(
      s3.send(new GetBucketCorsCommand({ Bucket: bucket })),
      "NoSuchCORSConfiguration",
      404,
      "The CORS configuration does not exist",
    );
    const rules = [
      {
        ID: "app",
        AllowedHeaders: ["*"],
        AllowedMethods: ["GET", "POST", "PUT"],
        AllowedOrigins: ["http://localhost:5173"],
        ExposeHeaders: ["ETag"],
        MaxAgeSeconds: 3000,
      },
      { AllowedMethods: ["GET"], AllowedOrigins: ["*"] },
    ];
    await s3.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: rules } }));
    const got = await s3.send(new GetBucketCorsCommand({ Bucket: bucket }));
    expect(got.CORSRules).toEqual(rules);

    const deleted = await s3.send(new DeleteBucketCorsCommand({ Bucket: bucket }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    await expectS3Error(
      s3.send(new GetBucketCorsCommand({ Bucket: bucket })),
      "NoSuchCORSConfiguration",
      404,
    );
  });

  it("rejects an unsupported method", async () => {
    const bucket = await newBucket("cfg-cors-bad");
    await expectS3Error(
      s3.send(
        new PutBucketCorsCommand({
          Bucket: bucket,
          CORSConfiguration: { CORSRules: [{ AllowedMethods: ["PATCH"], AllowedOrigins: ["*"] }] },
        }),
      ),
      "InvalidRequest",
      400,
      "Found unsupported HTTP method in CORS config. Unsupported method is PATCH",
    );
  });
});

describe("lifecycle configuration", () => {
  // The rules the Terraform configuration applies, which the provider compares field by field after a put.
  const rules: LifecycleRule[] = [
    {
      ID: "expire-abandoned-uploads",
      Status: "Enabled",
      Filter: { Prefix: "uploads/" },
      Expiration: { Days: 7 },
    },
    {
      ID: "tidy-old-versions",
      Status: "Enabled",
      Filter: { Prefix: "" },
      NoncurrentVersionExpiration: { NoncurrentDays: 30 },
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
    },
    {
      ID: "archive",
      Status: "Disabled",
      Filter: {
        And: { Prefix: "raw/", Tags: [{ Key: "tier", Value: "cold" }], ObjectSizeGreaterThan: 1024 },
      },
      Transitions: [
        { Days: 30, StorageClass: "STANDARD_IA" },
        { Days: 90, StorageClass: "GLACIER" },
      ],
      NoncurrentVersionTransitions: [
        { NoncurrentDays: 10, StorageClass: "GLACIER", NewerNoncurrentVersions: 2 },
      ],
    },
    {
      ID: "markers",
      Status: "Enabled",
      Filter: {},
      Expiration: { ExpiredObjectDeleteMarker: true },
    },
  ];

  it("answers NoSuchLifecycleConfiguration until set, round-trips rules exactly, and deletes them", async () => {
    const bucket = await newBucket("cfg-lifecycle");
    await expectS3Error(
      s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket })),
      "NoSuchLifecycleConfiguration",
      404,
      "The lifecycle configuration does not exist",
    );
    const put = await s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: bucket,
        LifecycleConfiguration: { Rules: rules },
      }),
    );
    expect(put.TransitionDefaultMinimumObjectSize).toBe("all_storage_classes_128K");
    const got = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
    expect(got.Rules).toEqual(rules);
    expect(got.TransitionDefaultMinimumObjectSize).toBe("all_storage_classes_128K");

    await s3.send(new DeleteBucketLifecycleCommand({ Bucket: bucket }));
    await expectS3Error(
      s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket })),
      "NoSuchLifecycleConfiguration",
      404,
    );
  });

  it("keeps the transition default minimum object size it was put with", async () => {
    const bucket = await newBucket("cfg-lifecycle-size");
    await s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: bucket,
        TransitionDefaultMinimumObjectSize: "varies_by_storage_class",
        LifecycleConfiguration: { Rules: [rules[0]!] },
      }),
    );
    const got = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
    expect(got.TransitionDefaultMinimumObjectSize).toBe("varies_by_storage_class");
  });

  it("names a rule put without an ID", async () => {
    const bucket = await newBucket("cfg-lifecycle-id");
    await s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: bucket,
        LifecycleConfiguration: {
          Rules: [{ Status: "Enabled", Filter: { Prefix: "a/" }, Expiration: { Days: 1 } }],
        },
      }),
    );
    const got = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
    expect(got.Rules?.[0]?.ID).toMatch(/^\S+$/);
  });

  it("rejects a rule without an action and a date that is not midnight", async () => {
    const bucket = await newBucket("cfg-lifecycle-bad");
    await expectS3Error(
      s3.send(
        new PutBucketLifecycleConfigurationCommand({
          Bucket: bucket,
          LifecycleConfiguration: { Rules: [{ ID: "none", Status: "Enabled", Filter: {} }] },
        }),
      ),
      "InvalidRequest",
      400,
      "At least one action needs to be specified in a rule",
    );
    await expectS3Error(
      s3.send(
        new PutBucketLifecycleConfigurationCommand({
          Bucket: bucket,
          LifecycleConfiguration: {
            Rules: [
              {
                ID: "noon",
                Status: "Enabled",
                Filter: {},
                Expiration: { Date: new Date("2030-01-01T12:00:00Z") },
              },
            ],
          },
        }),
      ),
      "InvalidArgument",
      400,
      "'Date' must be at midnight GMT",
    );
  });
});

describe("default encryption", () => {
  it("is SSE-S3 on a new bucket, round-trips a KMS rule, and goes back to SSE-S3 when deleted", async () => {
    const bucket = await newBucket("cfg-sse");
    const sseS3 = [
      { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" }, BucketKeyEnabled: false },
    ];
    const initial = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    expect(initial.ServerSideEncryptionConfiguration?.Rules).toEqual(sseS3);

    const kms = [
      {
        ApplyServerSideEncryptionByDefault: {
          SSEAlgorithm: "aws:kms" as const,
          KMSMasterKeyID: "alias/images",
        },
        BucketKeyEnabled: true,
      },
    ];
    await s3.send(
      new PutBucketEncryptionCommand({ Bucket: bucket, ServerSideEncryptionConfiguration: { Rules: kms } }),
    );
    const got = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    expect(got.ServerSideEncryptionConfiguration?.Rules).toEqual(kms);

    await s3.send(new DeleteBucketEncryptionCommand({ Bucket: bucket }));
    const reset = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    expect(reset.ServerSideEncryptionConfiguration?.Rules).toEqual(sseS3);
  });

  it("rejects a KMS key with SSE-S3", async () => {
    const bucket = await newBucket("cfg-sse-bad");
    await expectS3Error(
      s3.send(
        new PutBucketEncryptionCommand({
          Bucket: bucket,
          ServerSideEncryptionConfiguration: {
            Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256", KMSMasterKeyID: "k" } }],
          },
        }),
      ),
      "InvalidArgument",
      400,
      "a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse",
    );
  });
});

describe("bucket policy", () => {
  const policy = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ProcessorReads",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::000000000000:role/processor" },
        Action: "s3:GetObject",
        Resource: "arn:aws:s3:::x/*",
      },
    ],
  });

  it("answers NoSuchBucketPolicy until set, returns the policy as put, and deletes it", async () => {
    const bucket = await newBucket("cfg-policy");
    await expectS3Error(
      s3.send(new GetBucketPolicyCommand({ Bucket: bucket })),
      "NoSuchBucketPolicy",
      404,
      "The bucket policy does not exist",
    );
    await expectS3Error(
      s3.send(new GetBucketPolicyStatusCommand({ Bucket: bucket })),
      "NoSuchBucketPolicy",
      404,
    );

    const put = await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy }));
    expect(put.$metadata.httpStatusCode).toBe(204);
    const got = await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }));
    expect(got.Policy).toBe(policy);
    const status = await s3.send(new GetBucketPolicyStatusCommand({ Bucket: bucket }));
    expect(status.PolicyStatus?.IsPublic).toBe(false);

    await s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
    await expectS3Error(s3.send(new GetBucketPolicyCommand({ Bucket: bucket })), "NoSuchBucketPolicy", 404);
  });

  it("reports a policy that allows everyone as public", async () => {
    const bucket = await newBucket("cfg-policy-public");
    const open = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${bucket}/*` },
      ],
    });
    await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: open }));
    const status = await s3.send(new GetBucketPolicyStatusCommand({ Bucket: bucket }));
    expect(status.PolicyStatus?.IsPublic).toBe(true);
  });

  it("rejects policies that are not JSON or have no Statement", async () => {
    const bucket = await newBucket("cfg-policy-bad");
    await expectS3Error(
      s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: "not json" })),
      "MalformedPolicy",
      400,
      "Policies must be valid JSON and the first byte must be '{'",
    );
    await expectS3Error(
      s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: "{}" })),
      "MalformedPolicy",
      400,
      "Missing required field Statement",
    );
  });
});

describe("bucket tagging", () => {
  it("answers NoSuchTagSet until set, round-trips the tags, and deletes them", async () => {
    const bucket = await newBucket("cfg-tags");
    await expectS3Error(
      s3.send(new GetBucketTaggingCommand({ Bucket: bucket })),
      "NoSuchTagSet",
      404,
      "The TagSet does not exist",
    );
    const tags = [
      { Key: "project", Value: "darkroom" },
      { Key: "cost-centre", Value: "" },
    ];
    const put = await s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: tags } }));
    expect(put.$metadata.httpStatusCode).toBe(204);
    expect((await s3.send(new GetBucketTaggingCommand({ Bucket: bucket }))).TagSet).toEqual(tags);

    await s3.send(new DeleteBucketTaggingCommand({ Bucket: bucket }));
    await expectS3Error(s3.send(new GetBucketTaggingCommand({ Bucket: bucket })), "NoSuchTagSet", 404);
  });

  it("rejects duplicate keys, invalid keys and system tags with InvalidTag", async () => {
    const bucket = await newBucket("cfg-tags-bad");
    const put = (TagSet: Array<{ Key: string; Value: string }>) =>
      s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet } }));
    await expectS3Error(
      put([
        { Key: "a", Value: "1" },
        { Key: "a", Value: "2" },
      ]),
      "InvalidTag",
      400,
      "Cannot provide multiple Tags with the same key",
    );
    await expectS3Error(
      put([{ Key: "a,b", Value: "1" }]),
      "InvalidTag",
      400,
      "The TagKey you have provided is invalid",
    );
    await expectS3Error(
      put([{ Key: "aws:owner", Value: "1" }]),
      "InvalidTag",
      400,
      "System tags cannot be added/updated by requester",
    );
  });
});

describe("versioning", () => {
  it("answers an empty configuration until set, then Enabled and Suspended", async () => {
    const bucket = await newBucket("cfg-versioning");
    const initial = await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));
    expect(initial.Status).toBeUndefined();
    expect(initial.MFADelete).toBeUndefined();

    await enableVersioning(bucket);
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe("Enabled");
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Suspended" } }),
    );
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe("Suspended");
  });

  it("requires a Status", async () => {
    const bucket = await newBucket("cfg-versioning-bad");
    await expectS3Error(
      s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: {} })),
      "IllegalVersioningConfigurationException",
      400,
      "The Versioning element must be specified",
    );
  });
});

describe("website configuration", () => {
  it("answers NoSuchWebsiteConfiguration until set, round-trips it, and deletes it", async () => {
    const bucket = await newBucket("cfg-website");
    await expectS3Error(
      s3.send(new GetBucketWebsiteCommand({ Bucket: bucket })),
      "NoSuchWebsiteConfiguration",
      404,
      "The specified bucket does not have a website configuration",
    );
    const config = {
      IndexDocument: { Suffix: "index.html" },
      ErrorDocument: { Key: "error.html" },
      RoutingRules: [
        {
          Condition: { KeyPrefixEquals: "old/" },
          Redirect: { ReplaceKeyPrefixWith: "new/", HttpRedirectCode: "301" },
        },
      ],
    };
    await s3.send(new PutBucketWebsiteCommand({ Bucket: bucket, WebsiteConfiguration: config }));
    const got = await s3.send(new GetBucketWebsiteCommand({ Bucket: bucket }));
    expect({
      IndexDocument: got.IndexDocument,
      ErrorDocument: got.ErrorDocument,
      RoutingRules: got.RoutingRules,
    }).toEqual(config);

    await s3.send(new DeleteBucketWebsiteCommand({ Bucket: bucket }));
    await expectS3Error(
      s3.send(new GetBucketWebsiteCommand({ Bucket: bucket })),
      "NoSuchWebsiteConfiguration",
      404,
    );
  });

  it("requires an index document unless all requests redirect", async () => {
    const bucket = await newBucket("cfg-website-bad");
    await expectS3Error(
      s3.send(
        new PutBucketWebsiteCommand({
          Bucket: bucket,
          WebsiteConfiguration: { ErrorDocument: { Key: "e" } },
        }),
      ),
      "InvalidArgument",
      400,
      "A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty",
    );
  });
});

describe("public access block", () => {
  it("blocks everything on a new bucket, stores what is put, and is gone once deleted", async () => {
    const bucket = await newBucket("cfg-pab");
    const initial = await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
    expect(initial.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });

    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: bucket,
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, RestrictPublicBuckets: true },
      }),
    );
    const got = await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
    expect(got.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: false,
      BlockPublicPolicy: false,
      RestrictPublicBuckets: true,
    });

    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
    await expectS3Error(
      s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket })),
      "NoSuchPublicAccessBlockConfiguration",
      404,
      "The public access block configuration was not found",
    );
  });
});

describe("ownership controls and ACLs", () => {
  it("enforces bucket ownership on a new bucket and is gone once deleted", async () => {
    const bucket = await newBucket("cfg-ownership");
    const initial = await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }));
    expect(initial.OwnershipControls?.Rules).toEqual([{ ObjectOwnership: "BucketOwnerEnforced" }]);

    await s3.send(
      new PutBucketOwnershipControlsCommand({
        Bucket: bucket,
        OwnershipControls: { Rules: [{ ObjectOwnership: "ObjectWriter" }] },
      }),
    );
    const got = await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }));
    expect(got.OwnershipControls?.Rules).toEqual([{ ObjectOwnership: "ObjectWriter" }]);

    await s3.send(new DeleteBucketOwnershipControlsCommand({ Bucket: bucket }));
    await expectS3Error(
      s3.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket })),
      "OwnershipControlsNotFoundError",
      404,
      "The bucket ownership controls were not found",
    );
  });

  it("gives the owner FULL_CONTROL by default and refuses other grants while ACLs are disabled", async () => {
    const bucket = await newBucket("cfg-acl");
    const acl = await s3.send(new GetBucketAclCommand({ Bucket: bucket }));
    expect(acl.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    expect(acl.Grants).toEqual([
      {
        Grantee: { Type: "CanonicalUser", ID: acl.Owner?.ID, DisplayName: acl.Owner?.DisplayName },
        Permission: "FULL_CONTROL",
      },
    ]);
    await expectS3Error(
      s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: "public-read" })),
      "AccessControlListNotSupported",
      400,
      "The bucket does not allow ACLs",
    );
    // The owner-only ACL is still accepted.
    await s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: "private" }));
  });

  it("applies canned ACLs and AccessControlPolicy documents once ACLs are enabled", async () => {
    const bucket = await newBucket("cfg-acl-on");
    await s3.send(
      new PutBucketOwnershipControlsCommand({
        Bucket: bucket,
        OwnershipControls: { Rules: [{ ObjectOwnership: "ObjectWriter" }] },
      }),
    );
    await s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: "public-read" }));
    const canned = await s3.send(new GetBucketAclCommand({ Bucket: bucket }));
    expect(
      canned.Grants?.map((g) => [g.Grantee?.Type, g.Grantee?.URI ?? g.Grantee?.ID, g.Permission]),
    ).toEqual([
      ["CanonicalUser", canned.Owner?.ID, "FULL_CONTROL"],
      ["Group", "http://acs.amazonaws.com/groups/global/AllUsers", "READ"],
    ]);

    const grants = [
      {
        Grantee: { Type: "CanonicalUser" as const, ID: canned.Owner?.ID },
        Permission: "FULL_CONTROL" as const,
      },
      {
        Grantee: { Type: "Group" as const, URI: "http://acs.amazonaws.com/groups/s3/LogDelivery" },
        Permission: "WRITE" as const,
      },
    ];
    await s3.send(
      new PutBucketAclCommand({
        Bucket: bucket,
        AccessControlPolicy: { Owner: canned.Owner, Grants: grants },
      }),
    );
    expect((await s3.send(new GetBucketAclCommand({ Bucket: bucket }))).Grants).toEqual(grants);

    await expectS3Error(
      s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: "fake-acl" as "private" })),
      "InvalidArgument",
      400,
    );
    // ACLs that grant others must go before ownership can be enforced again.
    await expectS3Error(
      s3.send(
        new PutBucketOwnershipControlsCommand({
          Bucket: bucket,
          OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
        }),
      ),
      "InvalidBucketAclWithObjectOwnership",
      400,
    );
  });

  it("asks for an ACL when the request has none", async () => {
    const bucket = await newBucket("cfg-acl-none");
    await expectS3Error(
      s3.send(new PutBucketAclCommand({ Bucket: bucket })),
      "MissingSecurityHeader",
      400,
      "Your request was missing a required header",
    );
  });
});

describe("replication", () => {
  it("needs versioning, round-trips the configuration, and deletes it", async () => {
    const source = await newBucket("cfg-repl-src");
    const target = await newBucket("cfg-repl-dst");
    await expectS3Error(
      s3.send(new GetBucketReplicationCommand({ Bucket: source })),
      "ReplicationConfigurationNotFoundError",
      404,
      "The replication configuration was not found",
    );
    const config = {
      Role: "arn:aws:iam::000000000000:role/replication",
      Rules: [
        {
          ID: "all",
          Priority: 1,
          Filter: { Prefix: "" },
          Status: "Enabled" as const,
          Destination: { Bucket: `arn:aws:s3:::${target}`, StorageClass: "STANDARD" as const },
          DeleteMarkerReplication: { Status: "Disabled" as const },
        },
      ],
    };
    await expectS3Error(
      s3.send(new PutBucketReplicationCommand({ Bucket: source, ReplicationConfiguration: config })),
      "InvalidRequest",
      400,
      "Versioning must be 'Enabled' on the bucket to apply a replication configuration",
    );
    await enableVersioning(source);
    await enableVersioning(target);
    await s3.send(new PutBucketReplicationCommand({ Bucket: source, ReplicationConfiguration: config }));
    const got = await s3.send(new GetBucketReplicationCommand({ Bucket: source }));
    expect(got.ReplicationConfiguration).toEqual(config);

    await s3.send(new DeleteBucketReplicationCommand({ Bucket: source }));
    await expectS3Error(
      s3.send(new GetBucketReplicationCommand({ Bucket: source })),
      "ReplicationConfigurationNotFoundError",
      404,
    );
  });
});

describe("object lock", () => {
  it("is not found on a bucket created without it", async () => {
    const bucket = await newBucket("cfg-lock-off");
    await expectS3Error(
      s3.send(new GetObjectLockConfigurationCommand({ Bucket: bucket })),
      "ObjectLockConfigurationNotFoundError",
      404,
      "Object Lock configuration does not exist for this bucket",
    );
  });

  it("is enabled on a bucket created with it and keeps a default retention", async () => {
    const bucket = await newBucket("cfg-lock-on", true);
    const initial = await s3.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }));
    expect(initial.ObjectLockConfiguration).toEqual({ ObjectLockEnabled: "Enabled" });

    const config = {
      ObjectLockEnabled: "Enabled" as const,
      Rule: { DefaultRetention: { Mode: "GOVERNANCE" as const, Days: 1 } },
    };
    await s3.send(new PutObjectLockConfigurationCommand({ Bucket: bucket, ObjectLockConfiguration: config }));
    const got = await s3.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }));
    expect(got.ObjectLockConfiguration).toEqual(config);
  });
});

describe("settings with defaults: accelerate, request payment, logging, notifications", () => {
  it("answers the defaults of a new bucket", async () => {
    const bucket = await newBucket("cfg-defaults");
    const accelerate = await s3.send(new GetBucketAccelerateConfigurationCommand({ Bucket: bucket }));
    expect(accelerate.Status).toBeUndefined();
    const payment = await s3.send(new GetBucketRequestPaymentCommand({ Bucket: bucket }));
    expect(payment.Payer).toBe("BucketOwner");
    const logging = await s3.send(new GetBucketLoggingCommand({ Bucket: bucket }));
    expect(logging.LoggingEnabled).toBeUndefined();
    const notifications = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
    expect(notifications.LambdaFunctionConfigurations).toBeUndefined();
    expect(notifications.QueueConfigurations).toBeUndefined();
    expect(notifications.TopicConfigurations).toBeUndefined();
  });

  it("round-trips accelerate, request payment and logging", async () => {
    const bucket = await newBucket("cfg-settings");
    const logs = await newBucket("cfg-settings-logs");
    await s3.send(
      new PutBucketAccelerateConfigurationCommand({
        Bucket: bucket,
        AccelerateConfiguration: { Status: "Enabled" },
      }),
    );
    expect((await s3.send(new GetBucketAccelerateConfigurationCommand({ Bucket: bucket }))).Status).toBe(
      "Enabled",
    );

    await s3.send(
      new PutBucketRequestPaymentCommand({
        Bucket: bucket,
        RequestPaymentConfiguration: { Payer: "Requester" },
      }),
    );
    expect((await s3.send(new GetBucketRequestPaymentCommand({ Bucket: bucket }))).Payer).toBe("Requester");

    const loggingEnabled = { TargetBucket: logs, TargetPrefix: "access/" };
    await s3.send(
      new PutBucketLoggingCommand({
        Bucket: bucket,
        BucketLoggingStatus: { LoggingEnabled: loggingEnabled },
      }),
    );
    expect((await s3.send(new GetBucketLoggingCommand({ Bucket: bucket }))).LoggingEnabled).toEqual(
      loggingEnabled,
    );
    await s3.send(new PutBucketLoggingCommand({ Bucket: bucket, BucketLoggingStatus: {} }));
    expect((await s3.send(new GetBucketLoggingCommand({ Bucket: bucket }))).LoggingEnabled).toBeUndefined();

    await expectS3Error(
      s3.send(
        new PutBucketLoggingCommand({
          Bucket: bucket,
          BucketLoggingStatus: { LoggingEnabled: { TargetBucket: uniqueName("absent"), TargetPrefix: "" } },
        }),
      ),
      "InvalidTargetBucketForLogging",
      400,
      "The target bucket for logging does not exist",
    );
  });

  it("round-trips notification configurations, naming unnamed ones", async () => {
    const bucket = await newBucket("cfg-notify");
    const lambda = {
      Id: "thumbnails",
      LambdaFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:thumbnail",
      Events: ["s3:ObjectCreated:*" as const],
      Filter: {
        Key: {
          FilterRules: [
            { Name: "prefix" as const, Value: "uploads/" },
            { Name: "suffix" as const, Value: ".jpg" },
          ],
        },
      },
    };
    const queue = {
      QueueArn: "arn:aws:sqs:us-east-1:000000000000:removed",
      Events: ["s3:ObjectRemoved:Delete" as const],
    };
    // The function and queue do not exist: S3 checks destinations unless told to skip.
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: bucket,
        NotificationConfiguration: { LambdaFunctionConfigurations: [lambda], QueueConfigurations: [queue] },
        SkipDestinationValidation: true,
      }),
    );
    const got = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
    // S3 writes filter rule names capitalised, whatever case they were put in.
    const capitalised = [
      { Name: "Prefix", Value: "uploads/" },
      { Name: "Suffix", Value: ".jpg" },
    ];
    expect(got.LambdaFunctionConfigurations).toEqual([
      { ...lambda, Filter: { Key: { FilterRules: capitalised } } },
    ]);
    expect(got.QueueConfigurations).toEqual([{ ...queue, Id: expect.stringMatching(/^\S+$/) }]);

    await expectS3Error(
      s3.send(
        new PutBucketNotificationConfigurationCommand({
          Bucket: bucket,
          NotificationConfiguration: {
            QueueConfigurations: [{ ...queue, Events: ["s3:ObjectCreated:Nope" as "s3:ObjectCreated:*"] }],
          },
        }),
      ),
      "InvalidArgument",
      400,
      "The event is not supported for notifications",
    );

    // An empty configuration turns notifications off.
    await s3.send(
      new PutBucketNotificationConfigurationCommand({ Bucket: bucket, NotificationConfiguration: {} }),
    );
    const off = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
    expect(off.LambdaFunctionConfigurations).toBeUndefined();
  });
});

describe("notificationConfigurationOf", () => {
  it("gives delivery the typed targets that match an event and key", () => {
    const body = `<?xml version="1.0" encoding="UTF-8"?>
<NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><CloudFunctionConfiguration><Id>thumbs</Id><CloudFunction>arn:aws:lambda:us-east-1:000000000000:function:t</CloudFunction><Event>s3:ObjectCreated:*</Event><Filter><S3Key><FilterRule><Name>Prefix</Name><Value>uploads/</Value></FilterRule><FilterRule><Name>Suffix</Name><Value>.jpg</Value></FilterRule></S3Key></Filter></CloudFunctionConfiguration><TopicConfiguration><Id>gone</Id><Topic>arn:aws:sns:us-east-1:000000000000:gone</Topic><Event>s3:ObjectRemoved:Delete</Event></TopicConfiguration></NotificationConfiguration>`;
    const config = notificationConfigurationOf({
      name: "b",
      accountId: "000000000000",
      region: "us-east-1",
      createdAt: new Date().toISOString(),
      objectLockEnabled: false,
      config: { notification: { body } },
      tags: [],
    });
    expect(config.lambdaFunctions).toEqual([
      {
        id: "thumbs",
        arn: "arn:aws:lambda:us-east-1:000000000000:function:t",
        events: ["s3:ObjectCreated:*"],
        filterRules: [
          { name: "Prefix", value: "uploads/" },
          { name: "Suffix", value: ".jpg" },
        ],
      },
    ]);
    expect(targetsFor(config, "ObjectCreated:Put", "uploads/cat.jpg").map((t) => t.target.id)).toEqual([
      "thumbs",
    ]);
    expect(targetsFor(config, "ObjectCreated:Put", "uploads/cat.png")).toEqual([]);
    expect(targetsFor(config, "ObjectRemoved:Delete", "uploads/cat.jpg").map((t) => t.kind)).toEqual([
      "topic",
    ]);
    expect(targetsFor(config, "ObjectRemoved:DeleteMarkerCreated", "x")).toEqual([]);
  });
});

describe("integrity and missing buckets", () => {
  it("answers NoSuchBucket for a bucket that does not exist", async () => {
    await expectS3Error(
      s3.send(new GetBucketCorsCommand({ Bucket: uniqueName("absent") })),
      "NoSuchBucket",
      404,
      "The specified bucket does not exist",
    );
  });

  it("requires Content-MD5 or a checksum where S3 does, and verifies it", async () => {
    const bucket = await newBucket("cfg-integrity");
    const client = s3Client();
    let mode: "strip" | "corrupt" = "strip";
    // After the SDK added its checksum and before signing: remove or corrupt it.
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers: Record<string, string> };
        for (const name of Object.keys(request.headers)) {
          if (!name.toLowerCase().startsWith("x-amz-checksum-") && name.toLowerCase() !== "content-md5")
            continue;
          if (mode === "strip") delete request.headers[name];
          else request.headers[name] = "AAAAAA==";
        }
        return next(args);
      },
      { step: "build", priority: "low" },
    );
    const put = () =>
      client.send(
        new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: [{ Key: "k", Value: "v" }] } }),
      );
    await expectS3Error(
      put(),
      "InvalidRequest",
      400,
      "Missing required header for this request: Content-MD5 OR x-amz-checksum-*",
    );
    mode = "corrupt";
    await expectS3Error(put(), "BadDigest", 400);
  });
});
