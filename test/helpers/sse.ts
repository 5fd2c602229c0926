import type { FastifyInstance } from 'fastify';

export interface SseMessage {
  id: string | null;
  event: string;
  data: unknown;
}

export interface SseClient {
  status: number;
  headers: Headers;
  messages: SseMessage[];
  /** Resolves when the server has ended the stream. */
  ended: Promise<void>;
  /** Waits until a message satisfies `match` (rejects after `timeoutMs`). */
  waitFor(match: (m: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>;
  close(): void;
}

/** The base URL of a test app listening on 127.0.0.1 (started on first use). */
export async function listeningUrl(app: FastifyInstance): Promise<string> {
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  return `http://127.0.0.1:${address.port}`;
}

/**
 * A Server-Sent Events client over real HTTP (app.inject buffers whole responses, so streams are
 * tested against a listening server). Resolves once the server has sent its first bytes, i.e.
 * once the stream is subscribed.
 */
export async function openSse(
  baseUrl: string,
  options: { token?: string; cookie?: string; lastEventId?: string | number; path?: string } = {},
): Promise<SseClient> {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}${options.path ?? '/api/v1/events/stream'}`, {
    headers: {
      accept: 'text/event-stream',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.lastEventId !== undefined ? { 'last-event-id': String(options.lastEventId) } : {}),
    },
    signal: controller.signal,
  });
  const messages: SseMessage[] = [];
  const listeners = new Set<() => void>();
  let resolveFirst!: () => void;
  const first = new Promise<void>((resolve) => (resolveFirst = resolve));
  const ended = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      const reader = response.body.getReader();
      for (;;) {
        const { value: chunk, done } = await reader.read();
        if (done) break;
        resolveFirst();
        buffer += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const lines = block.split('\n').filter((l) => !l.startsWith(':'));
          const field = (name: string) => lines.filter((l) => l.startsWith(`${name}: `)).map((l) => l.slice(name.length + 2));
          const data = field('data');
          if (data.length === 0) continue;
          messages.push({ id: field('id')[0] ?? null, event: field('event')[0] ?? 'message', data: JSON.parse(data.join('\n')) });
          for (const listener of listeners) listener();
        }
      }
    } catch {
      /* aborted */
    } finally {
      resolveFirst();
      for (const listener of listeners) listener();
    }
  })();
  if (response.ok) await first;
  return {
    status: response.status,
    headers: response.headers,
    messages,
    ended,
    close: () => controller.abort(),
    waitFor(match, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (found) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(messages)}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
  };
}
