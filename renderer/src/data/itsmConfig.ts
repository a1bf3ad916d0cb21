/**
 * The service desk's configuration (priority matrix, SLA policies and calendars, reopen
 * period, categories, resolution codes, catalog) as this device last received it. Until the
 * first sync brings the server's, the app works with the defaults a new server starts with.
 * (React screens read it live with useItsmConfig, in ./config.ts.)
 */
import { ITSM_CONFIG_ID, ItsmConfigSchema, type ItsmConfig } from '@fielddesk/common/itsm/config';
import { DEFAULT_ITSM_CONFIG } from '@fielddesk/common/itsm/defaults';
import type { FieldDeskDb } from './db';

/** The stored configuration, or the defaults when there is none or it is damaged (never throws). */
export async function readItsmConfig(db: FieldDeskDb): Promise<ItsmConfig> {
  const stored = await db.itsmConfig.get(ITSM_CONFIG_ID);
  if (!stored) return DEFAULT_ITSM_CONFIG;
  const parsed = ItsmConfigSchema.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_ITSM_CONFIG;
}
