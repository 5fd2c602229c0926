import { createServer as createHttpServer, type IncomingHttpHeaders, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smsTransport } from './sms-transport.js';
import { smtpMessageId, smtpTransport } from './smtp-transport.js';
import { TransportError, type DeliveryMessage } from './transport.js';

const message = (overrides: Partial<DeliveryMessage> = {}): DeliveryMessage => ({
  messageId: 'msg-0001',
  channel: 'email',
  to: 'patient@test.carewell',
  recipientUserId: null,
  template: 'test.transport',
  subject: 'News is waiting',
  text: 'Sign in to Carewell to read it.',
  metadata: {},
  ...overrides,
});

/** Just enough SMTP on 127.0.0.1 to receive a message; `rcptReply` lets a test refuse the recipient. */
function startSmtpServer() {
  const received: string[] = [];
  const state = { rcptReply: '250 OK' };
  const server: TcpServer = createTcpServer((socket) => {
    let buffer = '';
    let inData = false;
    socket.write('220 localhost test SMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          received.push(buffer.slice(0, end));
          buffer = buffer.slice(end + 5);
          inData = false;
          socket.write('250 Ok: queued as TEST42\r\n');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250-localhost\r\n250 8BITMIME\r\n');
        else if (verb === 'MAIL') socket.write('250 OK\r\n');
        else if (verb === 'RCPT') socket.write(`${state.rcptReply}\r\n`);
        else if (verb === 'DATA') {
          inData = true;
          socket.write('354 End data with <CR><LF>.<CR><LF>\r\n');
        } else if (verb === 'QUIT') socket.end('221 Bye\r\n');
        else if (verb === 'RSET' || verb === 'NOOP') socket.write('250 OK\r\n');
        else socket.write('502 Not implemented\r\n');
      }
    });
    socket.on('error', () => {});
  });
  return { server, received, state };
}

describe('SMTP transport', () => {
  const smtp = startSmtpServer();
  let url: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => smtp.server.listen(0, '127.0.0.1', resolve));
    url = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => smtp.server.close(() => resolve())));

  it('delivers over a real socket with the outbox message id as the Message-ID header', async () => {
    const transport = smtpTransport({ url, from: 'Carewell <no-reply@hospital.test>' });
    const result = await transport.send(message());
    expect(result.providerId).toContain('queued as TEST42');
    expect(smtp.received).toHaveLength(1);
    const raw = smtp.received[0]!;
    expect(raw).toMatch(/^Message-ID: <msg-0001@carewell>$/im);
    expect(raw).toMatch(/^Subject: News is waiting$/im);
    expect(raw).toMatch(/^To: patient@test\.carewell$/im);
    expect(raw).toContain('Sign in to Carewell to read it.');
    expect(smtpMessageId('msg-0001')).toBe('<msg-0001@carewell>');
    expect(smtpMessageId('notification:4f1c:email')).toBe('<notification=3A4f1c=3Aemail@carewell>');
    expect(smtpMessageId('a=3A')).not.toBe(smtpMessageId('a:'));
  });

  it('reports a refused recipient as a permanent failure with the reply code only', async () => {
    smtp.state.rcptReply = '550 No such user here';
    try {
      const error = await smtpTransport({ url, from: 'no-reply@hospital.test' })
        .send(message({ messageId: 'msg-0002' }))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({ code: 'smtp_550', permanent: true });
    } finally {
      smtp.state.rcptReply = '250 OK';
    }
  });

  it('reports an unreachable server as a failure worth retrying', async () => {
    const closed = createTcpServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await smtpTransport({ url: `smtp://127.0.0.1:${port}`, from: 'no-reply@hospital.test' })
      .send(message())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'smtp_ESOCKET', permanent: false });
  });
});

describe('SMS transport (Twilio-compatible)', () => {
  const requests: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[] = [];
  const reply = { status: 201, body: '{"sid":"SM0123456789"}', location: '' };
  let server: HttpServer;
  let apiUrl: string;
  beforeAll(async () => {
    server = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        requests.push({ method: req.method, url: req.url, headers: req.headers, body });
        res.writeHead(reply.status, { 'content-type': 'application/json', ...(reply.location ? { location: reply.location } : {}) });
        res.end(reply.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const transport = () => smsTransport({ apiUrl, accountSid: 'AC123', authToken: 'secret-token', from: '+15550000' });

  it('posts To/From/Body form-encoded with basic auth and the message id as Idempotency-Key', async () => {
    const result = await transport().send(message({ channel: 'sms', to: '+15550199', messageId: 'msg-sms-1' }));
    expect(result).toEqual({ providerId: 'SM0123456789' });
    const request = requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/2010-04-01/Accounts/AC123/Messages.json');
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from('AC123:secret-token').toString('base64')}`);
    expect(request.headers['idempotency-key']).toBe('msg-sms-1');
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      To: '+15550199',
      From: '+15550000',
      Body: 'Sign in to Carewell to read it.',
    });
  });

  it('retries on 5xx and 429, gives up on other 4xx, and never follows a redirect', async () => {
    const cases = [
      { status: 503, code: 'sms_http_503', permanent: false },
      { status: 429, code: 'sms_http_429', permanent: false },
      { status: 400, code: 'sms_http_400', permanent: true },
      { status: 302, code: 'sms_redirect_302', permanent: true },
    ];
    for (const c of cases) {
      reply.status = c.status;
      reply.location = c.status === 302 ? `${apiUrl}/elsewhere` : '';
      const before = requests.length;
      const error = await transport()
        .send(message({ channel: 'sms', to: '+15550199' }))
        .catch((e: unknown) => e);
      expect(error, String(c.status)).toMatchObject({ code: c.code, permanent: c.permanent });
      expect(requests.length - before).toBe(1);
    }
    reply.status = 201;
    reply.location = '';
  });
});
