/**
 * "Print label" on the asset screen: pick the label stock, see the label, download it as SVG
 * or PDF. Everything is computed here (labels.ts), offline. The preview is the SVG as an
 * <img> data URL, so the asset's text is never parsed as this page's HTML.
 */
import { Alert, Button, Group, Image, Modal, Paper, Select, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { LABEL_STOCKS, labelFileName, labelsPdf, sheetSvgs, stockById, type LabelData } from './labels';
import { downloadFile } from '../../../shared/download';

const STOCK_KEY = 'fielddesk.assetLabelStock';

function savedStock(): string {
  try {
    return localStorage.getItem(STOCK_KEY) ?? LABEL_STOCKS[0]!.id;
  } catch {
    return LABEL_STOCKS[0]!.id;
  }
}

export function LabelDialog({ opened, onClose, label }: { opened: boolean; onClose: () => void; label: LabelData }) {
  const [stockId, setStockId] = useState(savedStock);
  const [error, setError] = useState<string | null>(null);
  const stock = stockById(stockId);
  const svg = useMemo(() => {
    try {
      return sheetSvgs([label], stock)[0]!;
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
  }, [label, stock]);

  const choose = (id: string | null) => {
    if (!id) return;
    setStockId(id);
    try {
      localStorage.setItem(STOCK_KEY, id);
    } catch {
      /* private mode: not remembered */
    }
  };

  const downloadPdf = async () => {
    setError(null);
    try {
      const bytes = await labelsPdf([label], stock);
      downloadFile(bytes as BlobPart, 'application/pdf', labelFileName(label.tag, 'pdf'));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Print label" size="lg" data-testid="label-dialog">
      <Stack gap="md">
        <Select
          label="Label size"
          data={LABEL_STOCKS.map((s) => ({ value: s.id, label: s.name }))}
          value={stock.id}
          onChange={choose}
          allowDeselect={false}
          data-testid="label-stock"
        />
        {typeof svg === 'string' ? (
          <Paper withBorder p="sm" bg="gray.1">
            <Image
              src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
              alt={`Label of ${label.tag}`}
              data-testid="label-preview"
              fit="contain"
              mah={stock.sheet ? 420 : 220}
              style={{ background: '#fff', boxShadow: '0 0 0 1px var(--mantine-color-gray-4)' }}
            />
          </Paper>
        ) : (
          <Alert color="red" title="The label could not be drawn">
            {svg.message}
          </Alert>
        )}
        {stock.sheet ? (
          <Text size="sm" c="dimmed">
            The label is in the sheet's first place; print at 100 % (no fit to page).
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            One page the size of the label; print at 100 % (no fit to page).
          </Text>
        )}
        {error && (
          <Alert color="red" title="The PDF could not be made">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" leftSection={<IconDownload size={16} />} disabled={typeof svg !== 'string'} onClick={() => typeof svg === 'string' && downloadFile(svg, 'image/svg+xml', labelFileName(label.tag, 'svg'))}>
            Download SVG
          </Button>
          <Button leftSection={<IconDownload size={16} />} disabled={typeof svg !== 'string'} onClick={() => void downloadPdf()}>
            Download PDF
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
