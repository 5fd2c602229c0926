import type { FastifyInstance } from 'fastify';
import { registerHomePages } from './home.pages.js';

// The home module is the top layer: it reads other modules only through their index.ts and
// exposes nothing but its registration (docs/architecture.md).

/** The role's home pages as worklists: /portal for patients, /staff for every staff role. */
export function registerHomeModule(app: FastifyInstance): void {
  registerHomePages(app);
}
