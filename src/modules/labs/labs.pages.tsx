import type { FastifyInstance } from 'fastify';

export function registerLabsPages(_app: FastifyInstance): void {}
