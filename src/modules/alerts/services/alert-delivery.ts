/**
 * The two platform services alerts ride on, imported in one place: events reach open pages
 * (banners) at once, notify() writes the in-app notification and queues the external channels.
 */
export { publishEvent, type EventAudience } from '../../../platform/events/index.js';
export { notify } from '../../notifications/index.js';
