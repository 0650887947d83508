/**
 * `@darkroom/image-record/dynamodb`: the images table's DynamoDB access shared by the Lambda
 * functions and the admin backend. A separate entry, so the main one stays free of the AWS SDK
 * (the console imports it in the browser).
 */
export * from "./batch-get.ts";
export * from "./document-client.ts";
export * from "./dynamo-image-reads.ts";
export * from "./image-table-reads.ts";
export * from "./label-counts.ts";
export * from "./label-writes.ts";
export * from "./list-page.ts";
export * from "./query-all.ts";
