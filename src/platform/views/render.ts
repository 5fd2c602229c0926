import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';

/** Sends a server-rendered page. PHI pages are never cached by browsers or proxies. */
export function sendPage<P>(reply: FastifyReply, vnode: VNode<P>, status = 200): FastifyReply {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(`<!doctype html>${render(vnode)}`);
}

export function renderFragment<P>(vnode: VNode<P>): string {
  return render(vnode);
}
