import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { releaseInterruptedMessages } from './hl7-inbound.repository.js';
import { startHl7Listener, type Hl7Listener } from './hl7-listener.js';
import type { InboundLabResultFiler } from './hl7-inbound.types.js';
import { receiveInboundMessage } from './receive-inbound-message.js';

export type {
  InboundLabResultFiler,
  InboundLabResultInput,
  InboundLabResultOutcome,
  InboundObservation,
  InboundResultStatus,
  Hl7InboundStatus,
} from './hl7-inbound.types.js';
export { HL7_INBOUND_STATUSES } from './hl7-inbound.types.js';
export { hl7InboundMessages, type Hl7InboundMessageRow } from './hl7-inbound.tables.js';
export {
  findInboundMessage,
  listInboundMessages,
  listUnmatchedMessages,
  settleUnmatchedMessage,
  type InboundMessageListRow,
} from './hl7-inbound.repository.js';
export { startHl7Listener, type Hl7Listener } from './hl7-listener.js';
export { receiveInboundMessage, type InboundDeps, type InboundSummary } from './receive-inbound-message.js';
export { buildLabOrderMessage, type OutboundLabOrder } from './orm-builder.js';
export {
  queueLabOrderMessage,
  readLabOrderMessageStates,
  labOrderMessageId,
  HL7_ORDER_TEMPLATE,
  type LabOrderMessageState,
  type QueuedLabOrderMessage,
} from './hl7-outbound.js';

/**
 * Starts the inbound HL7 listener with the app, in the one process that runs background work:
 * only when HL7_MLLP_PORT is configured, this process runs workers (RUN_WORKERS, or the separate
 * `npm run worker`), and a job runner is present (server.ts and worker.ts have one; tests and
 * web-only processes do not). It stops when the app closes.
 *
 * The caller owns filing: the labs module passes its `fileInboundLabResult` (platform never
 * imports a module). Returns a getter for the running listener (undefined when off).
 */
export function registerHl7Inbound(app: FastifyInstance, options: { fileResult: InboundLabResultFiler }): () => Hl7Listener | undefined {
  const { config, jobs } = app.deps;
  const settings = config.hl7Inbound;
  let listener: Hl7Listener | undefined;
  if (!settings || !config.runWorkers || !jobs) return () => listener;
  app.addHook('onReady', async () => {
    const { db, clock, encryptor, logger } = app.deps;
    const deps = { db, clock, encryptor, logger, senders: settings.senders, fileResult: options.fileResult };
    const released = await releaseInterruptedMessages(db);
    if (released > 0) logger.warn({ released }, 'hl7 listener: messages interrupted by the last stop released for resending');
    listener = await startHl7Listener({
      port: settings.port,
      host: settings.host,
      allowedAddresses: settings.allowedAddresses,
      ...(settings.tls ? { tls: { cert: readFileSync(settings.tls.certFile), key: readFileSync(settings.tls.keyFile) } } : {}),
      receive: async (text, address) => (await receiveInboundMessage(deps, text, address)).ack,
      clock,
      logger,
    });
  });
  app.addHook('onClose', async () => {
    await listener?.close();
    listener = undefined;
  });
  return () => listener;
}
