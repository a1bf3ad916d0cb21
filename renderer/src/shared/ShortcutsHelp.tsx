/**
 * The `?` help of a list (the ticket queue, the Assets list): its shortcut table in a dialog,
 * each key drawn as a key cap. The table is the same one the list acts on, so the two agree.
 */
import { Kbd, Modal, Table } from '@mantine/core';

export interface ShortcutLine {
  keys: string;
  description: string;
}

const KEY_CAP = /^[a-zA-Z0-9/?+↑↓]$|^(Enter|Esc|Ctrl|Shift|click)$/;

export function ShortcutsHelp({ opened, onClose, shortcuts, testId }: { opened: boolean; onClose(): void; shortcuts: readonly ShortcutLine[]; testId: string }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" data-testid={testId}>
      <Table>
        <Table.Tbody>
          {shortcuts.map((s) => (
            <Table.Tr key={s.keys}>
              <Table.Td w={150}>
                {s.keys.split(' ').map((part, i) =>
                  KEY_CAP.test(part) ? (
                    <Kbd key={i} mr={4}>
                      {part}
                    </Kbd>
                  ) : (
                    <span key={i}>{part} </span>
                  ),
                )}
              </Table.Td>
              <Table.Td>{s.description}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
