/**
 * "Pick a record and add it" under a record's list of related ones (the assets a contract
 * covers, the seats of a licence): a searchable picker of what is on this device, a submit
 * button, and the last refusal in words. `before` holds controls that change what is picked
 * (a licence's "a device / a person"). The picker's ref lets a shortcut focus it.
 */
import type { ReactNode, Ref } from 'react';
import { Alert, Button, Group, Select } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';

/** The most choices a picker lists at once; typing narrows them. */
export const PICKER_LIMIT = 50;

export interface PickAndAddProps {
  pickerRef: Ref<HTMLInputElement>;
  /** The picker's visible label, or none (then `ariaLabel` names it). */
  label?: string;
  ariaLabel?: string;
  placeholder: string;
  options: { value: string; label: string }[];
  value: string | null;
  onChange: (value: string | null) => void;
  nothingFound: string;
  width: number;
  action: string;
  busy: boolean;
  onAdd: (value: string) => void;
  error: string | null;
  before?: ReactNode;
  /** The test ids of the picker, the button and the refusal. */
  testIds: { picker: string; add: string; error: string };
}

export function PickAndAdd(props: PickAndAddProps) {
  const { value } = props;
  return (
    <>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (value) props.onAdd(value);
        }}
      >
        <Group align="flex-end" gap="sm" mb="sm" wrap="wrap">
          {props.before}
          <Select
            ref={props.pickerRef}
            label={props.label}
            aria-label={props.label ? undefined : props.ariaLabel}
            placeholder={props.placeholder}
            data={props.options}
            value={value}
            onChange={props.onChange}
            searchable
            clearable
            limit={PICKER_LIMIT}
            nothingFoundMessage={props.nothingFound}
            w={props.width}
            data-testid={props.testIds.picker}
          />
          <Button type="submit" leftSection={<IconPlus size={16} />} disabled={!value} loading={props.busy} data-testid={props.testIds.add}>
            {props.action}
          </Button>
        </Group>
      </form>
      {props.error && (
        <Alert color="red" mb="sm" data-testid={props.testIds.error}>
          {props.error}
        </Alert>
      )}
    </>
  );
}
