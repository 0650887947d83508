import { MAX_UPLOAD_REQUEST_BYTES, parseCreateUpload } from "../dto/create-upload.dto.ts";
import { jsonBody } from "../http/json-body.ts";
import { type ApiResponse, json } from "../http/responses.ts";
import type { RouteContext } from "../router.ts";
import type { UploadService } from "../services/upload.service.ts";

export interface UploadsController {
  create(context: RouteContext): Promise<ApiResponse>;
}

export function uploadsController(uploads: UploadService, maxUploadBytes: number): UploadsController {
  return {
    /** POST /uploads → 201 with the presigned POST. */
    async create({ request }) {
      const dto = parseCreateUpload(jsonBody(request, MAX_UPLOAD_REQUEST_BYTES), maxUploadBytes);
      const created = await uploads.createUpload(dto);
      return json(201, created);
    },
  };
}
