/** One location's stock of an item ("Reception (HQ): 3", or the count alone): orange at or below the reorder point, red below zero, flagged in words too. */
import { Badge, Tooltip } from '@mantine/core';
import type { LocationStock } from '@fielddesk/common/assets/consumables';

export function StockBadge({ at, place, unit }: { at: LocationStock; place?: string; unit: string }) {
  const color = at.negative ? 'red' : at.reorder !== null ? 'orange' : 'gray';
  const flag = at.negative ? ', below zero' : at.reorder !== null ? ', low' : '';
  const why = at.negative
    ? 'More went out than the records say came in: count the shelf and record an adjustment.'
    : at.reorder !== null
      ? `At or below its reorder point (${at.rule?.reorderPoint ?? 0}): order ${at.reorder} ${unit}.`
      : at.rule
        ? `Reorder point ${at.rule.reorderPoint}.`
        : 'No reorder rule here.';
  return (
    <Tooltip label={why} multiline maw={280}>
      <Badge color={color} variant={at.negative ? 'filled' : 'light'} size="md" radius="sm" tt="none" style={{ flex: 'none', maxWidth: 'none' }}
        styles={{ root: { overflow: 'visible' }, label: { overflow: 'visible' } }} data-testid="stock-badge" data-negative={at.negative || undefined} data-low={at.reorder !== null || undefined}>
        {place ? `${place}: ` : ''}
        {at.quantity}
        {flag}
      </Badge>
    </Tooltip>
  );
}
