import { ChangeConfigSchema } from '../changes/config';
import { AssetLifecycleConfigSchema } from '../assets/lifecycle';
import { AuditIntervalSchema } from '../audits/intervals';
import { z } from 'zod';

/**
 * The service desk's rules that an administrator configures on the server and every
 * client receives by sync (one `itsm_config` record): the priority matrix, SLA policies and
 * business-hours calendars, the reopen period, categories, resolution codes and the service
 * catalog. The app applies the same rules offline that the server applies on push.
 */

/** The one id of the one itsm_config record. */
export const ITSM_CONFIG_ID = '00000000-0000-4000-8000-00000000c0f1';

/** 1 = critical, 2 = high, 3 = medium, 4 = low, 5 = planning. */
export const PrioritySchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);
export type Priority = z.infer<typeof PrioritySchema>;
export const PRIORITY_LABELS: Record<Priority, string> = { 1: 'Critical', 2: 'High', 3: 'Medium', 4: 'Low', 5: 'Planning' };

/** 1 = high, 2 = medium, 3 = low (ITIL's usual three levels): impact and urgency. */
export const LevelSchema = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export type Level = z.infer<typeof LevelSchema>;
export const LEVEL_LABELS: Record<Level, string> = { 1: 'High', 2: 'Medium', 3: 'Low' };

const HhMm = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/, 'must be a time of day as HH:MM (00:00 to 24:00)');
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD');

/** Working hours on one weekday (0 = Sunday … 6 = Saturday), in the calendar's own time zone. */
export const WorkingHoursSchema = z
  .object({ day: z.number().int().min(0).max(6), start: HhMm, end: HhMm })
  .strict()
  .refine((h) => h.start < h.end, 'working hours must end after they start');

/** A business-hours calendar: weekly hours in a time zone, minus holidays. */
export const BusinessCalendarSchema = z
  .object({
    id: z.string().min(1).max(64),
    name: z.string().min(1).max(200),
    /** IANA time zone, e.g. Europe/Paris; the hours and holidays are local to it. */
    timeZone: z.string().min(1).refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris'),
    hours: z.array(WorkingHoursSchema).min(1, 'a calendar needs working hours on at least one day'),
    holidays: z.array(z.object({ date: IsoDate, name: z.string().max(200) }).strict()),
  })
  .strict();
export type BusinessCalendar = z.infer<typeof BusinessCalendarSchema>;

/** Response and resolution targets for one priority, counted in business minutes of a calendar. */
export const SlaPolicySchema = z
  .object({
    priority: PrioritySchema,
    name: z.string().min(1).max(200),
    responseMinutes: z.number().int().positive(),
    resolutionMinutes: z.number().int().positive(),
    calendarId: z.string().min(1).max(64),
  })
  .strict()
  .refine((p) => p.responseMinutes <= p.resolutionMinutes, 'the response target cannot be longer than the resolution target');
export type SlaPolicy = z.infer<typeof SlaPolicySchema>;

export const CategorySchema = z.object({ name: z.string().min(1).max(100), subcategories: z.array(z.string().min(1).max(100)) }).strict();
export type Category = z.infer<typeof CategorySchema>;

/** An item of the service catalog: what a requester can ask for, and the tasks that fulfil it. */
export const CatalogItemSchema = z
  .object({
    id: z.string().min(1).max(64),
    name: z.string().min(1).max(200),
    category: z.string().max(100),
    description: z.string().max(5_000),
    /** Titles of the fulfilment tasks created with each request, in order. */
    tasks: z.array(z.string().min(1).max(300)),
  })
  .strict();
export type CatalogItem = z.infer<typeof CatalogItemSchema>;

/** priorityMatrix[impact - 1][urgency - 1] is the priority (1 = critical … 5 = planning). */
export const PriorityMatrixSchema = z.array(z.array(PrioritySchema).length(3)).length(3);
export type PriorityMatrix = z.infer<typeof PriorityMatrixSchema>;

export const ItsmConfigSchema = z
  .object({
    id: z.literal(ITSM_CONFIG_ID),
    priorityMatrix: PriorityMatrixSchema,
    calendars: z.array(BusinessCalendarSchema).min(1),
    slaPolicies: z.array(SlaPolicySchema),
    /** An SLA clock warns at this share of its target (percent) and breaches at 100. */
    slaWarningPercent: z.number().int().min(1).max(99),
    /** A resolved ticket may be reopened for this many days after it was resolved. */
    reopenPeriodDays: z.number().int().min(0).max(365),
    categories: z.array(CategorySchema),
    resolutionCodes: z.array(z.string().min(1).max(100)).min(1),
    catalog: z.array(CatalogItemSchema),
    /** The asset lifecycle's substates as the admin labelled them; absent: the defaults (DEFAULT_ASSET_LIFECYCLE). */
    assetLifecycle: AssetLifecycleConfigSchema.optional(),
    /** How often assets are audited, per model category and site (common/audits/intervals.ts); absent: none (every asset yearly). */
    auditIntervals: z.array(AuditIntervalSchema).max(500).optional(),
    /** Change risk, approval rules and change managers (common/changes/config.ts); absent: DEFAULT_CHANGE_CONFIG. */
    changes: ChangeConfigSchema.optional(),
    rev: z.number().int().nonnegative(),
  })
  .strict()
  .superRefine((config, ctx) => {
    const calendarIds = new Set(config.calendars.map((c) => c.id));
    config.slaPolicies.forEach((p, i) => {
      if (!calendarIds.has(p.calendarId)) {
        ctx.addIssue({ code: 'custom', path: ['slaPolicies', i, 'calendarId'], message: `no calendar has the id "${p.calendarId}"` });
      }
    });
    const intervals = new Set<string>();
    config.auditIntervals?.forEach((rule, i) => {
      const key = JSON.stringify([rule.category?.toLocaleLowerCase() ?? null, rule.siteId]);
      if (intervals.has(key)) ctx.addIssue({ code: 'custom', path: ['auditIntervals', i], message: 'each category and site may have one audit interval only' });
      intervals.add(key);
    });
    const priorities = config.slaPolicies.map((p) => p.priority);
    if (new Set(priorities).size !== priorities.length) {
      ctx.addIssue({ code: 'custom', path: ['slaPolicies'], message: 'each priority may have one SLA policy only' });
    }
  });
export type ItsmConfig = z.infer<typeof ItsmConfigSchema>;

/** The priority the matrix gives an impact and an urgency. */
export function priorityFor(matrix: PriorityMatrix, impact: Level, urgency: Level): Priority {
  const row = matrix[impact - 1];
  const p = row?.[urgency - 1];
  if (p === undefined) throw new Error(`The priority matrix has no cell for impact ${impact} and urgency ${urgency}.`);
  return p;
}

/** The SLA policy for a priority and its calendar, or null when the priority has none. */
export function slaPolicyFor(config: Pick<ItsmConfig, 'slaPolicies' | 'calendars'>, priority: number): { policy: SlaPolicy; calendar: BusinessCalendar } | null {
  const policy = config.slaPolicies.find((p) => p.priority === priority);
  if (!policy) return null;
  const calendar = config.calendars.find((c) => c.id === policy.calendarId);
  return calendar ? { policy, calendar } : null;
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
