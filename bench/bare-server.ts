import Fastify from 'fastify';

/** The ceiling: a bare Fastify route on the same machine, with nothing behind it. */
const app = Fastify();
app.get('/bare', async () => ({ status: 'ok' }));
await app.listen({ port: Number(process.env.PORT ?? 3199), host: '127.0.0.1' });
