import type { FastifyInstance } from 'fastify';
import { serviceContext } from '../../platform/http/context.js';
import { pageContext } from '../../platform/views/page-context.js';
import { renderFragment, sendPage } from '../../platform/views/render.js';
import { readRemoteMonitoringBoard } from './services/remote-monitoring-board.service.js';
import { RemoteMonitoringPage, RemoteMonitoringTable } from './views/remote-monitoring-board.js';

/** Staff pages: the remote-monitoring board, and its table alone for the live refresh. */
export function registerDevicesPages(app: FastifyInstance): void {
  const { db } = app.deps;

  app.get(
    '/staff/remote-monitoring',
    { config: { permission: 'remote-monitoring.manage' }, schema: { hide: true } },
    async (request, reply) => {
      const rows = await readRemoteMonitoringBoard(db, serviceContext(request));
      const done = (request.query as Record<string, unknown>).done === 'acknowledged';
      return sendPage(reply, <RemoteMonitoringPage ctx={pageContext(request, reply)} rows={rows} done={done} />);
    },
  );

  app.get(
    '/staff/remote-monitoring/board',
    { config: { permission: 'remote-monitoring.manage' }, schema: { hide: true } },
    async (request, reply) => {
      const rows = await readRemoteMonitoringBoard(db, serviceContext(request));
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(renderFragment(<RemoteMonitoringTable ctx={pageContext(request, reply)} rows={rows} />));
    },
  );
}
