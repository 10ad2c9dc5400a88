// 设置 › 事件: the heat weights, the grading rules and the source-authority list in force, and
// their change (office and admin). Wire types from the server's zod schemas (type-only).
import type { z } from 'zod';
import type { eventSettingsBody, eventSettingsSchema } from '../../../src/server/event-schemas.ts';
import { request } from './client.ts';

export type EventSettings = z.output<typeof eventSettingsSchema>;
/** Any of the three parts; null puts that part back to the built-in default. */
export type EventSettingsChange = z.input<typeof eventSettingsBody>;
export type EventSettingsPart = keyof EventSettings['defaults'];

export const eventSettingsApi = {
  get: (signal?: AbortSignal) =>
    request<EventSettings>('GET', '/events/settings', signal ? { signal } : {}),
  /** Saves the parts given; the open events are scored again before the answer. */
  put: (change: EventSettingsChange) =>
    request<EventSettings>('PUT', '/events/settings', { body: change }),
};
