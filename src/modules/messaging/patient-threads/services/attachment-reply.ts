import type { FastifyReply } from 'fastify';
import type { AttachmentContent } from './attachments.service.js';

/** Sends verified attachment bytes: the sniffed type, a download (never shown in our origin), never cached. */
export function sendAttachment(reply: FastifyReply, content: AttachmentContent) {
  return reply
    .header('content-type', content.contentType)
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', `attachment; filename="${content.filename}"`)
    .header('cache-control', 'private, no-store')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .send(content.bytes);
}
