import { RpcService } from "../../gateway/service.ts";
import { QueryCodec } from "../../protocol/query.ts";
import { StsProvider } from "./provider.ts";
import { stsSchemas } from "./schemas.ts";

export function createStsService(): RpcService<typeof stsSchemas> {
  return new RpcService({
    name: "sts",
    detection: { signingNames: ["sts"], queryVersions: ["2011-06-15"] },
    codec: new QueryCodec("https://sts.amazonaws.com/doc/2011-06-15/"),
    schemas: stsSchemas,
    provider: new StsProvider(),
  });
}
