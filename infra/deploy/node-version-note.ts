/**
 * Said once, in one line, instead of the AWS SDK's multi-line warning in the middle of a
 * command's steps. Node 20 still works; the SDK stops supporting it in January 2027.
 */
export function noteNodeVersion(print: (line: string) => void): void {
  const major = Number(process.versions.node.split(".")[0]);
  if (major >= 22) return;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  print(
    `note: Node ${process.versions.node} is past end of life; the AWS SDK needs Node >= 22 from January 2027`,
  );
}
