/**
 * The audit run (/audits/:id), offline, for a laptop or a rugged tablet: the current location in
 * large type (scan its label, or pick it), the last scan's verdict large, in its colour and with
 * its sound, progress (found of expected, here and in all), what is expected here and not found
 * yet, and the last scans of everyone on the audit. A keyboard-wedge scanner works anywhere on
 * the screen (useWedgeScanner), the camera when switched on, and typing in the code field.
 *
 * Every scan is written at once, one small transaction (nothing waits for a later decision, so a
 * crash loses nothing): scans are append-only. What an auditor chooses for the scans to come is
 * set before scanning, as a scanner gun's audit mode does: "Move what I find here" records each
 * asset found elsewhere as to be moved here at close (off: it stays where it is recorded, and the
 * report says so; auditors who chose differently are asked at close), and a condition
 * goes with each scan while one is chosen. Once a scan is written, "Add to this scan" takes its
 * note, photo and the holder's answer (ScanDetails.tsx), after the verdict, never before it.
 */
import { memo, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Anchor, Badge, Button, Grid, Group, Loader, Paper, Progress, Select, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { IconCamera, IconCameraOff, IconChecklist } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { VERDICTS, type KnownAsset } from '@fielddesk/common/audits/classify';
import { codeKey, LOCATION_LABEL_PREFIX } from '@fielddesk/common/audits/codes';
import { AUDIT_STATE_LABELS, SCAN_CONDITIONS, type AuditScan, type ScanCondition } from '@fielddesk/common/audits/records';
import { useWorkspace } from '../../../app/workspaceContext';
import { CameraScanner } from '../camera/CameraScanner';
import { useWedgeScanner } from '../scan/useWedgeScanner';
import { SoundToggle, VerdictFeedback, type ShownScan } from '../scan/VerdictFeedback';
import { playVerdictSound } from '../scan/verdictSound';
import { NO_LABELS, useAssetLabels, useAuditRepository, useAuditView, useNames, type AssetLabel, type AuditView, type Names } from '../useAudits';
import { namedBy, progressOf, scanStep, seenOf } from './scanFlow';
import { ScanDetails } from './ScanDetails';

const CONDITION_LABELS: Record<ScanCondition, string> = { good: 'Good', worn: 'Worn', damaged: 'Damaged', broken: 'Broken' };
const locationKey = (auditId: string) => `fielddesk.audit.${auditId}.location`;

function rememberedLocation(auditId: string): string | null {
  try {
    return localStorage.getItem(locationKey(auditId));
  } catch {
    return null;
  }
}

/** A badge keeps its words whole in a narrow column ("Scanned twice", not "SCANNED TWI…"). */
const NO_SHRINK = { flex: 'none', maxWidth: 'none' } as const;
const NO_CLIP = { root: { overflow: 'visible' }, label: { overflow: 'visible' } } as const;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function percent(found: number, expected: number): number {
  return expected === 0 ? 100 : Math.round((found / expected) * 100);
}

export function AuditRunScreen() {
  const { id = '' } = useParams();
  const view = useAuditView(id);
  const names = useNames();
  if (view === undefined || !names) return <Loader size="sm" />;
  if (view === null) return <Alert color="gray">This audit is not on this device, or you may not see it.</Alert>;
  return <AuditRun view={view} names={names} />;
}

/** The most rows "Expected here" lists (a store room may hold thousands). */
const EXPECTED_HERE_SHOWN = 300;

function AuditRun({ view, names }: { view: AuditView; names: Names }) {
  const { audit, index, merged } = view;
  const { db, user } = useWorkspace();
  const repo = useAuditRepository();
  const [locationId, setLocationIdState] = useState<string | null>(() => rememberedLocation(audit.id));
  const [last, setLast] = useState<ShownScan | null>(null);
  /** The scan this screen wrote last, once written: its details can be added. */
  const [lastWritten, setLastWritten] = useState<string | null>(null);
  const judged = useRef(0);
  const [problem, setProblem] = useState<string | null>(null);
  const [moveHere, setMoveHere] = useState(false);
  const [condition, setCondition] = useState<ScanCondition | null>(null);
  const [camera, setCamera] = useState(false);
  const [typed, setTyped] = useState('');
  const [starting, setStarting] = useState(false);

  const setLocationId = useCallback(
    (next: string | null) => {
      setLocationIdState(next);
      try {
        if (next) localStorage.setItem(locationKey(audit.id), next);
        else localStorage.removeItem(locationKey(audit.id));
      } catch {
        /* private mode: not remembered */
      }
    },
    [audit.id],
  );

  // Each scan is judged at once, in the order scanned, and what this screen judged counts at once
  // (the replica's live query answers a moment later): a tag scanned twice in a burst is a repeat.
  // The writes follow in the same order on a queue of their own, so a verdict never waits for the
  // previous scan's write (a code in the snapshot needs no read at all).
  const writes = useRef(Promise.resolve());
  const seenHere = useRef(new Set<string>());
  const latest = useRef({ view, names, locationId, moveHere, condition });
  latest.current = { view, names, locationId, moveHere, condition };
  const latestLabels = useRef<ReadonlyMap<string, AssetLabel>>(NO_LABELS);

  const handle = useCallback(
    (raw: string) => {
      const judge = async () => {
        const { view: v, names: n, locationId: here, moveHere: move, condition: cond } = latest.current;
        if (v.audit.state !== 'in_progress') {
          setProblem(v.audit.state === 'planned' ? 'Start the audit before scanning.' : `${v.audit.number} is ${AUDIT_STATE_LABELS[v.audit.state].toLowerCase()}: scans are no longer taken here.`);
          return;
        }
        const code = raw.trim();
        const key = codeKey(code);
        // Only a code the snapshot does not hold is looked up among the device's other assets.
        const lookUp = key && !v.index.lookup(key) && !key.startsWith(LOCATION_LABEL_PREFIX);
        const named = lookUp ? await db.assets.where('tag').equalsIgnoreCase(code).or('serial').equalsIgnoreCase(code).toArray() : [];
        const outside: KnownAsset[] = namedBy(key, named).map((a) => ({ id: a.id, tag: a.tag, serial: a.serial, state: a.state, locationId: a.locationId }));
        const seen = seenOf(v.scans);
        for (const s of seenHere.current) seen.add(s);
        const step = scanStep(raw, {
          audit: v.audit,
          locationId: here,
          location: (lid) => {
            const l = n.locations.get(lid);
            return l ? { siteId: l.siteId, name: l.name } : undefined;
          },
          siteName: n.site,
          index: v.index,
          seen,
          outside,
        });
        if (step.kind === 'refused') {
          setProblem(step.reason);
          playVerdictSound('error');
          return;
        }
        setProblem(null);
        if (step.kind === 'location') {
          judged.current++;
          setLocationId(step.locationId);
          setLast(null);
          setLastWritten(null);
          playVerdictSound('ok');
          return;
        }
        const c = step.classification;
        const turn = ++judged.current;
        setLastWritten(null);
        if (c.seenKey) seenHere.current.add(c.seenKey);
        const asset = c.assetId ? (named.find((a) => a.id === c.assetId) ?? latestLabels.current.get(c.assetId)) : undefined;
        // An asset found away from this location shows its tag and where it was expected; its
        // name is not read first (the verdict never waits: bench/README.md, scan_to_verdict).
        setLast({
          verdict: c.verdict,
          code: step.code,
          tag: asset?.tag ?? v.index.byId.get(c.assetId ?? '')?.tag ?? null,
          assetName: asset?.name ?? null,
          expectedLocationName: c.expectedLocationId ? n.location(c.expectedLocationId) : null,
        });
        playVerdictSound(VERDICTS[c.verdict].sound);
        const scan = { auditId: v.audit.id, locationId: here!, code: step.code, assetId: c.assetId, verdict: c.verdict, move: c.verdict === 'found_elsewhere' && move ? ('move' as const) : null, condition: c.assetId ? cond : null };
        writes.current = writes.current
          .then(async () => {
            const result = await repo.recordScan(scan);
            if (result.ok) {
              if (judged.current === turn) setLastWritten(result.id);
              return;
            }
            if (c.seenKey) seenHere.current.delete(c.seenKey);
            setProblem(`${step.code} was not recorded: ${result.reason}`);
            playVerdictSound('error');
          })
          // One write that fails unexpectedly must not stop the ones after it.
          .catch((error: unknown) => setProblem(`${step.code} was not recorded: ${error instanceof Error ? error.message : String(error)}`));
      };
      judge().catch((error: unknown) => setProblem(`The scan could not be handled: ${error instanceof Error ? error.message : String(error)}`));
    },
    [db, repo, setLocationId],
  );

  useWedgeScanner(handle, { enabled: audit.state === 'in_progress', ownsKeys: true, onRejected: (reason) => setProblem(reason) });

  const progress = useMemo(() => progressOf(index, merged, locationId), [index, merged, locationId]);
  const scopeLocations = useMemo(
    () =>
      [...names.locations.values()]
        .filter((l) => l.siteId === audit.siteId && (audit.locationIds.length === 0 || audit.locationIds.includes(l.id)))
        .sort((a, b) => a.name.localeCompare(b.name)),
    [names, audit],
  );
  // The lists beside the verdict follow the scans a moment later, in a render React may interrupt:
  // the next scan's verdict never waits for 300 rows to re-render (bench:audit, scan_to_verdict).
  const listed = useDeferredValue(merged);
  // The location's rows sorted by tag once per location; after each scan they are only split into
  // not found yet, then found (a sort with localeCompare per scan cost 2 ms at a store room's size).
  const byTag = useMemo(() => (locationId ? [...index.at(locationId)].sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0)) : []), [index, locationId]);
  const expectedHere = useMemo(() => [...byTag.filter((r) => !listed.assets.has(r.assetId)), ...byTag.filter((r) => listed.assets.has(r.assetId))], [byTag, listed]);
  const recent = useMemo(() => view.scans.slice(-8).reverse(), [view.scans]);
  // Names of the location's assets, read when the location changes (not after every scan, which
  // re-sorts the list); of the last scans, only those found somewhere else are read as they come.
  const hereLabels = useAssetLabels(useMemo(() => (locationId ? index.at(locationId).map((r) => r.assetId) : []), [index, locationId])) ?? NO_LABELS;
  const otherLabels = useAssetLabels(useMemo(() => recent.flatMap((s) => (s.assetId && !hereLabels.has(s.assetId) ? [s.assetId] : [])), [recent, hereLabels])) ?? NO_LABELS;
  const labelOf = useCallback((assetId: string) => hereLabels.get(assetId) ?? otherLabels.get(assetId), [hereLabels, otherLabels]);
  latestLabels.current = hereLabels;
  const found = useCallback((assetId: string) => listed.assets.has(assetId), [listed]);
  // The scan just written is among the last: looked for from the end.
  const detailsOf = useMemo(() => {
    for (let i = view.scans.length - 1; lastWritten && i >= 0; i--) if (view.scans[i]!.id === lastWritten) return view.scans[i];
    return undefined;
  }, [lastWritten, view.scans]);
  useEffect(() => {
    if (locationId && !names.locations.has(locationId)) setLocationId(null);
  }, [locationId, names, setLocationId]);

  async function start() {
    setStarting(true);
    const result = await repo.startAudit(audit.id);
    setStarting(false);
    if (!result.ok) setProblem(result.reason);
  }

  return (
    <Stack gap="md" data-testid="audit-run">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <div>
          <Title order={1} size="h2">
            {audit.number} · {audit.name}
          </Title>
          <Text c="dimmed" size="sm">
            {names.site(audit.siteId)} · {AUDIT_STATE_LABELS[audit.state]}
            {audit.dueOn ? ` · due ${audit.dueOn}` : ''}
          </Text>
        </div>
        <Group gap="xs">
          {audit.state === 'in_progress' && (
            <Button component={Link} to={`/audits/${audit.id}/close`} variant="light" leftSection={<IconChecklist size={18} />} data-testid="review-close">
              Review and close
            </Button>
          )}
          {(audit.state === 'closed' || audit.state === 'cancelled') && (
            <Button component={Link} to={`/audits/${audit.id}/report`} variant="light">
              Report
            </Button>
          )}
          <SoundToggle />
        </Group>
      </Group>

      {audit.state === 'planned' && (
        <Paper withBorder p="md">
          <Stack gap="xs">
            <Text>Starting fixes the assets this audit expects: this device keeps that list, so the audit runs without a network from then on.</Text>
            <Group>
              <Button size="lg" onClick={() => void start()} loading={starting} data-testid="start-audit">
                Start the audit
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}

      {problem && (
        <Alert color="red" data-testid="scan-problem" withCloseButton onClose={() => setProblem(null)}>
          {problem}
        </Alert>
      )}

      {audit.state === 'in_progress' && (
        <Grid gutter="md">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack gap="md">
              <Paper withBorder p="md">
                <Text size="sm" c="dimmed">
                  You are in
                </Text>
                <Text fz={32} fw={700} lh={1.2} data-testid="current-location">
                  {locationId ? names.location(locationId) : 'No location yet'}
                </Text>
                <Select
                  mt="xs"
                  aria-label="Pick the location"
                  placeholder="Scan the location’s label, or pick it"
                  data={scopeLocations.map((l) => ({ value: l.id, label: l.name }))}
                  value={locationId}
                  onChange={(v) => {
                    setLocationId(v);
                    setLast(null);
                  }}
                  searchable
                  size="md"
                />
              </Paper>
              <VerdictFeedback scan={last} idle={locationId ? 'Scan the assets here: tag or serial.' : undefined} />
              {detailsOf && <ScanDetails scan={detailsOf} onProblem={setProblem} />}
              <TextInput
                size="lg"
                label="Type a tag, serial or location label"
                placeholder="Then Enter — a scanner works anywhere on this screen"
                value={typed}
                onChange={(e) => setTyped(e.currentTarget.value)}
                onKeyDown={(e) => {
                  if (e.key !== 'Enter' || !typed.trim()) return;
                  e.preventDefault();
                  handle(typed);
                  setTyped('');
                }}
                data-testid="scan-input"
              />
              <Group gap="lg" wrap="wrap">
                <Switch size="md" label="Move what I find here" description="Off: an asset found elsewhere stays where it is recorded, flagged on the report" checked={moveHere} onChange={(e) => setMoveHere(e.currentTarget.checked)} data-testid="move-here" />
                <Select
                  w={200}
                  label="Condition of the next scans"
                  placeholder="Not recorded"
                  data={SCAN_CONDITIONS.map((c) => ({ value: c, label: CONDITION_LABELS[c] }))}
                  value={condition}
                  onChange={(v) => setCondition(v as ScanCondition | null)}
                  clearable
                />
                <Button variant="default" leftSection={camera ? <IconCameraOff size={18} /> : <IconCamera size={18} />} onClick={() => setCamera((on) => !on)} data-testid="camera-toggle">
                  {camera ? 'Stop the camera' : 'Scan with the camera'}
                </Button>
              </Group>
              {camera && <CameraScanner onScan={handle} />}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Stack gap="md">
              <Paper withBorder p="md">
                <Text fw={600} data-testid="progress-all">
                  Found {progress.found.toLocaleString()} of {progress.expected.toLocaleString()} expected ({percent(progress.found, progress.expected)} %)
                </Text>
                <Progress value={percent(progress.found, progress.expected)} size="lg" mt={6} aria-label="Found of expected" />
                {progress.here && (
                  <Text size="sm" mt="xs" data-testid="progress-here">
                    Here: {progress.here.found} of {progress.here.expected} found
                  </Text>
                )}
                <Text size="xs" c="dimmed" mt={4}>
                  {merged.counts.foundElsewhere} found elsewhere · {merged.counts.outside} outside the audit · {plural(merged.counts.unknown, 'unknown tag')} · {plural(merged.counts.repeats, 'repeat')}
                </Text>
              </Paper>
              {locationId && <ExpectedHere rows={expectedHere} found={found} assets={hereLabels} />}
              <RecentScans scans={recent} names={names} labelOf={labelOf} me={user.id} />
            </Stack>
          </Grid.Col>
        </Grid>
      )}
      {(audit.state === 'closed' || audit.state === 'cancelled') && (
        <Text>
          {audit.number} is {AUDIT_STATE_LABELS[audit.state].toLowerCase()}. <Anchor component={Link} to={`/audits/${audit.id}/report`}>See its report</Anchor>.
        </Text>
      )}
    </Stack>
  );
}

/** Memoized, like RecentScans: a verdict shown re-renders the screen, and these lists (300 rows) only change with the scans. */
const ExpectedHere = memo(function ExpectedHere({ rows, found, assets }: { rows: { assetId: string; tag: string }[]; found: (assetId: string) => boolean; assets: ReadonlyMap<string, AssetLabel> }) {
  const missing = rows.filter((r) => !found(r.assetId)).length;
  return (
    <Paper withBorder p="md">
      <Text fw={600} mb={6}>
        Expected here{rows.length > 0 ? `: ${missing} not found yet` : ''}
      </Text>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          No asset is expected in this location.
        </Text>
      ) : (
        <Table verticalSpacing={4} data-testid="expected-here">
          <Table.Tbody>
            {rows.slice(0, EXPECTED_HERE_SHOWN).map((r) => (
              <Table.Tr key={r.assetId} data-testid="expected-row" data-found={found(r.assetId)}>
                <Table.Td>
                  <Text ff="monospace" size="sm">
                    {r.tag}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{assets.get(r.assetId)?.name ?? ''}</Text>
                </Table.Td>
                <Table.Td ta="right">{found(r.assetId) ? <Badge color="green">Found</Badge> : <Badge color="gray" variant="outline">Not yet</Badge>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
});

const RecentScans = memo(function RecentScans({ scans, names, labelOf, me }: { scans: AuditScan[]; names: Names; labelOf: (assetId: string) => AssetLabel | undefined; me: string }) {
  return (
    <Paper withBorder p="md">
      <Text fw={600} mb={6}>
        Last scans
      </Text>
      {scans.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing scanned yet.
        </Text>
      ) : (
        <Table verticalSpacing={4} data-testid="recent-scans">
          <Table.Tbody>
            {scans.map((s) => (
              <Table.Tr key={s.id} data-testid="recent-scan">
                <Table.Td>
                  <Text ff="monospace" size="sm">
                    {(s.assetId && labelOf(s.assetId)?.tag) ?? s.code}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" style={NO_SHRINK} styles={NO_CLIP} color={VERDICTS[s.verdict].tone === 'good' ? 'green' : VERDICTS[s.verdict].tone === 'warn' ? 'yellow' : VERDICTS[s.verdict].tone === 'bad' ? 'red' : 'blue'}>
                    {VERDICTS[s.verdict].label}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {s.auditorId === me ? 'You' : names.person(s.auditorId)} · {names.location(s.locationId)}
                    {s.rev === 0 ? ' · waiting to sync' : ''}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
});
