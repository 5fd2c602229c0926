import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';
import { isApiRequest } from './context.js';

/** JSON routes take JSON only: any other body answers 415 before it is parsed. */
export function installJsonOnlyApi(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (!isApiRequest(request) || request.method === 'GET' || request.method === 'HEAD') return;
    const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    if (!hasBody) return;
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json' && !type.endsWith('+json') && type !== 'multipart/form-data') {
      throw new AppError('unsupported_media_type', 'Send the body as application/json.');
    }
  });
}
