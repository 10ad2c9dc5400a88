// The input of briefings (简报), validated with zod: the generate body, the list query, and the
// schedule with its subscribers and sending channel. A module of its own (zod and the period
// rules only) so the wire schemas and the web UI's types import it without the service.
import { z } from 'zod';
import {
  BRIEFING_KINDS,
  DEFAULT_BRIEFING_SCHEDULE,
  parseTime,
} from '../reports/briefing-period.ts';

const idText = z.string().trim().min(1).max(128);

export const generateBriefingBody = z
  .object({
    kind: z.enum(BRIEFING_KINDS),
    /** A day of the period (YYYY-MM-DD, Asia/Shanghai) for daily, weekly and monthly. */
    date: z.string().max(10).optional(),
    incidentId: idText.optional(),
    eventId: idText.optional(),
    /** A city bureau: its own briefing. Absent: the province's (or your bureau's). */
    unitId: idText.optional(),
  })
  .strict();
export type GenerateBriefingInput = z.output<typeof generateBriefingBody>;

export const briefingListQuery = z.object({
  kind: z.enum(BRIEFING_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(400).optional(),
});

const hhmm = z.string().refine((v) => parseTime(v) !== null, 'must be HH:MM (00:00 to 23:59)');

export const briefingScheduleSchema = z
  .object({
    daily: z.object({ enabled: z.boolean(), time: hhmm }).strict(),
    weekly: z
      .object({ enabled: z.boolean(), time: hhmm, weekday: z.number().int().min(1).max(7) })
      .strict(),
    monthly: z
      .object({ enabled: z.boolean(), time: hhmm, day: z.number().int().min(1).max(28) })
      .strict(),
  })
  .strict();

/** A subscriber: a person of the organisation (their address as it is when sending), or an address. */
export const subscriberSchema = z.union([
  z.object({ personId: idText }).strict(),
  z
    .object({
      email: z.email('must be an email address'),
      name: z.string().trim().min(1).max(100).optional(),
    })
    .strict(),
]);
export type Subscriber = z.output<typeof subscriberSchema>;

const subscriberList = z.array(subscriberSchema).max(200);

export const briefingSettingsSchema = z
  .object({
    schedule: briefingScheduleSchema,
    subscribers: z
      .object({ daily: subscriberList, weekly: subscriberList, monthly: subscriberList })
      .strict(),
    /** The email channel (预警通知渠道, kind email) whose SMTP settings send; null: the first enabled one. */
    channelId: idText.nullable(),
  })
  .strict();
export type BriefingSettings = z.output<typeof briefingSettingsSchema>;

export const DEFAULT_BRIEFING_SETTINGS: BriefingSettings = {
  schedule: DEFAULT_BRIEFING_SCHEDULE as BriefingSettings['schedule'],
  subscribers: { daily: [], weekly: [], monthly: [] },
  channelId: null,
};
