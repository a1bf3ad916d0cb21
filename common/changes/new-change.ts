/**
 * A new change record. A change raised on a device, by the server from a template, by the demo
 * seed or by a test starts with the same blanks (no plans, no people, no release, no review), so
 * each maker names only what it knows.
 */
import type { ChangeRequest } from './records';

/** What every maker of a change must say. */
export type ChangeBasics = Pick<ChangeRequest, 'id' | 'title' | 'windowStart' | 'windowEnd' | 'createdAt' | 'rev'>;

export function newChange(fields: ChangeBasics & Partial<ChangeRequest>): ChangeRequest {
  return {
    number: null,
    type: 'normal',
    status: 'new',
    description: '',
    reason: '',
    category: '',
    risk: 'low',
    riskAnswers: {},
    riskWhy: '',
    downtimeMinutes: null,
    implementationPlan: '',
    backoutPlan: '',
    testPlan: '',
    siteId: null,
    ownerId: null,
    assigneeId: null,
    groupId: null,
    templateId: null,
    releaseId: null,
    outcome: null,
    reviewNotes: '',
    problemId: null,
    updatedAt: fields.createdAt,
    ...fields,
  };
}
