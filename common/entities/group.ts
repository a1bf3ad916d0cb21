import { GroupSchema } from '../domain/entities';
import { defineEntity } from './define';

/** A support group: every signed-in user sees every group. */
export const group = defineEntity({ name: 'group', schema: GroupSchema, table: 'groups', replica: { table: 'groups', indexes: [] } });
