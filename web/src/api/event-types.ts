// Wire types of events (舆情事件), trends and the 总览, taken from the server's zod schemas
// (src/server/event-schemas.ts). Type-only imports: no zod in the bundle.
import type { z } from 'zod';
import type {
  dashboardSchema,
  eventDetailSchema,
  eventSummarySchema,
  trendSchema,
} from '../../../src/server/event-schemas.ts';

export type EventSummary = z.output<typeof eventSummarySchema>;
export type EventDetail = z.output<typeof eventDetailSchema>;
export type Trend = z.output<typeof trendSchema>;
export type Dashboard = z.output<typeof dashboardSchema>;
export type DashboardRange = Dashboard['range'];
export type TrendRes = Trend['res'];
export type Burst = Trend['bursts'][number];
export type HeatFactor = EventDetail['heat_factors'][number];
export type GradeReason = EventDetail['grade_reasons'][number];
export type EventStatus = EventSummary['status'];
