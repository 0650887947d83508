import { stableId } from "./identifiers.ts";
import type { ManagedPolicyRecord } from "./model.ts";

/**
 * The emulator does not ship AWS's catalogue of managed policies: any
 * arn:aws:iam::aws:policy/... ARN counts as existing, described by a minimal
 * record with one version whose document grants nothing.
 */
const PUBLISHED = "2015-02-06T18:40:00.000Z";
const PLACEHOLDER_DOCUMENT = '{"Version":"2012-10-17","Statement":[]}';

export function awsManagedPolicy(arn: string, path: string, name: string): ManagedPolicyRecord {
  return {
    policyName: name,
    policyId: stableId("ANPA", arn),
    arn,
    path,
    createDate: PUBLISHED,
    updateDate: PUBLISHED,
    defaultVersionId: "v1",
    versions: [
      { versionId: "v1", document: PLACEHOLDER_DOCUMENT, isDefaultVersion: true, createDate: PUBLISHED },
    ],
    nextVersion: 2,
    tags: [],
  };
}
