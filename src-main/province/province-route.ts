import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProvinceUploadView } from '../contracts/province';
import { authorise } from '../hall/admin-routes';
import type { HallRegistry } from '../hall/hall-runtime';
import type { RunningProvinceUploads } from './province-uploads';

// GET /api/admin/province?hall=<id> (also /api/halls/<id>/province, which a cluster relays to the server
// running the hall): the hall's provincial upload for its admins and supervisors.

const ROUTE = /^\/api\/(?:admin\/province|halls\/([^/]+)\/province)$/;

export interface ProvinceAnswer {
  /** Whether this server uploads the hall to the province at all (--province). */
  configured: boolean;
  upload: ProvinceUploadView | null;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const refuse = (res: ServerResponse, status: number, code: string, message: string, messageEn: string) => json(res, status, { ok: false, code, message, messageEn });

/** Handles the route; false when the path is not it. */
export async function handleProvinceRoute(req: IncomingMessage, res: ServerResponse, url: URL, halls: HallRegistry, province: RunningProvinceUploads | null): Promise<boolean> {
  const m = ROUTE.exec(url.pathname);
  if (!m) return false;
  const named = m[1] !== undefined ? decodeURIComponent(m[1]) : url.searchParams.get('hall');
  const hallId = named ?? (halls.size === 1 ? [...halls.keys()][0]! : null);
  if (hallId === null) {
    refuse(res, 400, 'HALL_REQUIRED', '请指明大厅（hall 参数）', 'Name the hall: ?hall=<id>');
    return true;
  }
  const hall = halls.get(hallId);
  if (!hall) {
    refuse(res, 404, 'UNKNOWN_HALL', '没有这个大厅', 'No such hall');
    return true;
  }
  if (req.method !== 'GET') {
    refuse(res, 405, 'METHOD_NOT_ALLOWED', '请求方法不被允许', 'Use GET');
    return true;
  }
  if (!(await authorise(req, res, hall, ['supervisor', 'admin']))) return true;
  const upload = (await province?.describe(hallId)) ?? null;
  const data: ProvinceAnswer = { configured: upload !== null, upload };
  json(res, 200, { ok: true, data });
  return true;
}
