import { ItsmConfigSchema } from '../itsm/config';
import { defineEntity } from './define';
import { scope } from './scope';

/**
 * The ITSM configuration (priority matrix, calendars, SLA policies, categories, catalog, asset substates): one
 * record, stored as one JSON document (`config`) beside its id and rev.
 */
export const itsmConfig = defineEntity({
  name: 'itsm_config',
  schema: ItsmConfigSchema,
  table: 'itsm_config',
  scope: scope.everyone(),
  columns: {
    priorityMatrix: null,
    calendars: null,
    slaPolicies: null,
    slaWarningPercent: null,
    reopenPeriodDays: null,
    categories: null,
    resolutionCodes: null,
    catalog: null,
    assetLifecycle: null,
    auditIntervals: null,
    changes: null,
  },
  replica: { table: 'itsmConfig', indexes: [] },
});
