import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution/index.js";
import { CloudfrontOriginAccessControl } from "@cdktf/provider-aws/lib/cloudfront-origin-access-control/index.js";
import { DataAwsCloudfrontCachePolicy } from "@cdktf/provider-aws/lib/data-aws-cloudfront-cache-policy/index.js";
import { DataAwsCloudfrontOriginRequestPolicy } from "@cdktf/provider-aws/lib/data-aws-cloudfront-origin-request-policy/index.js";
import type { LambdaFunctionUrl } from "@cdktf/provider-aws/lib/lambda-function-url/index.js";
import type { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket/index.js";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy/index.js";
import { VARIANT_PREFIX } from "@darkroom/image-record";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { objectsUnder, policyDocument } from "./iam-policy.ts";

export interface CdnProps {
  namePrefix: string;
  apiUrl: LambdaFunctionUrl;
  media: S3Bucket;
}

const API_ORIGIN = "api";
const MEDIA_ORIGIN = "media";

/**
 * AWS only: one CloudFront distribution in front of the API's function URL (default path, not
 * cached) and the media bucket's variants (`/variants/*`, cached), which CloudFront reads
 * through origin access control: the bucket stays private and only this distribution may read.
 *
 * The API origin is the function URL as is (auth NONE): with Lambda origin access control,
 * browsers would have to sign every POST body's SHA-256, which they do not send.
 */
export class Cdn extends Construct {
  readonly distribution: CloudfrontDistribution;

  constructor(scope: Construct, id: string, props: CdnProps) {
    super(scope, id);
    const managedCache = (name: string) =>
      new DataAwsCloudfrontCachePolicy(this, name, { name: `Managed-${name}` }).id;
    const mediaAccess = new CloudfrontOriginAccessControl(this, "media-access", {
      name: `${props.namePrefix}-media`,
      description: "CloudFront reads the media bucket's variants",
      originAccessControlOriginType: "s3",
      signingBehavior: "always",
      signingProtocol: "sigv4",
    });
    // https://<url-id>.lambda-url.<region>.on.aws/ → its host name.
    const apiHost = Fn.element(Fn.split("/", props.apiUrl.functionUrl), 2);
    this.distribution = new CloudfrontDistribution(this, "distribution", {
      enabled: true,
      comment: `${props.namePrefix}: API and image variants`,
      httpVersion: "http2and3",
      priceClass: "PriceClass_100",
      origin: [
        {
          originId: API_ORIGIN,
          domainName: apiHost,
          customOriginConfig: {
            httpPort: 80,
            httpsPort: 443,
            originProtocolPolicy: "https-only",
            originSslProtocols: ["TLSv1.2"],
          },
        },
        {
          originId: MEDIA_ORIGIN,
          domainName: props.media.bucketRegionalDomainName,
          originAccessControlId: mediaAccess.id,
        },
      ],
      defaultCacheBehavior: {
        targetOriginId: API_ORIGIN,
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
        cachedMethods: ["GET", "HEAD"],
        cachePolicyId: managedCache("CachingDisabled"),
        // Everything the viewer sent but Host: the function URL answers only to its own name.
        originRequestPolicyId: new DataAwsCloudfrontOriginRequestPolicy(this, "AllViewerExceptHostHeader", {
          name: "Managed-AllViewerExceptHostHeader",
        }).id,
      },
      orderedCacheBehavior: [
        {
          pathPattern: `/${VARIANT_PREFIX}*`,
          targetOriginId: MEDIA_ORIGIN,
          viewerProtocolPolicy: "redirect-to-https",
          allowedMethods: ["GET", "HEAD"],
          cachedMethods: ["GET", "HEAD"],
          cachePolicyId: managedCache("CachingOptimized"),
          compress: true,
        },
      ],
      restrictions: { geoRestriction: { restrictionType: "none" } },
      viewerCertificate: { cloudfrontDefaultCertificate: true },
    });
    new S3BucketPolicy(this, "media-policy", {
      bucket: props.media.id,
      policy: policyDocument([
        {
          Sid: "CloudFrontReadsVariants",
          Effect: "Allow",
          Principal: { Service: "cloudfront.amazonaws.com" },
          Action: ["s3:GetObject"],
          Resource: [objectsUnder(props.media.arn, VARIANT_PREFIX)],
          Condition: { StringEquals: { "AWS:SourceArn": this.distribution.arn } },
        },
      ]),
    });
  }
}
