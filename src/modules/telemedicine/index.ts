import type { FastifyInstance } from 'fastify';
import { registerTelemedicineApi } from './telemedicine.api.js';
import { registerTelemedicineAssets } from './telemedicine-assets.js';
import { registerTelemedicinePages } from './telemedicine.pages.js';

// What other modules may import (docs/architecture.md, docs/telemedicine.md); every other file here is private.
/** Whether a telemedicine appointment's call can be joined now, for the "Join video visit" buttons. */
export { isJoinable, joinWindow } from './services/visit-access.js';
/** Tables, for test fixtures. */
export { videoVisits, videoVisitMessages } from './telemedicine.tables.js';

/** Telemedicine video visits (docs/telemedicine.md): the API (state, presence, signalling, chat, end), the pages and their scripts. */
export function registerTelemedicineModule(app: FastifyInstance): void {
  registerTelemedicineAssets(app);
  registerTelemedicineApi(app);
  registerTelemedicinePages(app);
}
