/**
 * Review and close (/audits/:id/close), offline: what every auditor's scans add up to on this
 * device (merged, common/audits/merge.ts), and the decisions closing needs — which assets not
 * found stay "still searching" instead of becoming missing, where an asset the auditors disagree
 * about goes (moved to where it was found, or left), and each unknown tag registered as a new
 * asset or dismissed with a reason. The plan the server will apply (common/audits/close.ts) is
 * worked out again on every change and shown; the auditor signs on screen and closes.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Badge, Button, Checkbox, Group, Loader, Paper, Radio, ScrollArea, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { Link, useNavigate, useParams } from 'react-router';
import { ASSET_STATE_LABELS, type AssetState } from '@fielddesk/common/assets/lifecycle';
import type { ReviewDecision, UnknownDecision } from '@fielddesk/common/audits/close';
import { useWorkspace } from '../../../app/workspaceContext';
import type { ClosePreview } from '../../../data/repositories/audits';
import { SignaturePadField, type SignaturePadHandle } from '../../../shared/SignaturePadField';
import { ScanPhoto } from '../run/ScanDetails';
import { NO_LABELS, useAssetLabels, useAuditRepository, useAuditView, useNames, useScopeDrift, type AuditView, type Names } from '../useAudits';

export function AuditCloseScreen() {
  const { id = '' } = useParams();
  const view = useAuditView(id);
  const names = useNames();
  if (view === undefined || !names) return <Loader size="sm" />;
  if (view === null) return <Alert color="gray">This audit is not on this device, or you may not see it.</Alert>;
  if (view.audit.state !== 'in_progress') {
    return (
      <Alert color="gray" data-testid="close-not-open">
        {view.audit.number} is not in progress, so there is nothing to close. <Link to={`/audits/${view.audit.id}/report`}>See its report</Link>.
      </Alert>
    );
  }
  return <CloseAudit view={view} names={names} />;
}

/** The most rows "Not found" lists at once (a large audit may miss thousands; the report lists them all). */
const NOT_FOUND_SHOWN = 500;

function CloseAudit({ view, names }: { view: AuditView; names: Names }) {
  const { audit, index, merged } = view;
  const { user } = useWorkspace();
  const repo = useAuditRepository();
  const navigate = useNavigate();
  const [stillSearching, setStillSearching] = useState<Set<string>>(() => new Set());
  const [reviews, setReviews] = useState<Record<string, ReviewDecision>>({});
  const [unknown, setUnknown] = useState<Record<string, UnknownDecision>>({});
  const [preview, setPreview] = useState<ClosePreview | null>(null);
  const [signedName, setSignedName] = useState(user.displayName);
  const [notes, setNotes] = useState('');
  const [signed, setSigned] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [closing, setClosing] = useState(false);
  const pad = useRef<SignaturePadHandle>(null);

  const decisions = useMemo(() => ({ stillSearching: [...stillSearching], reviews, unknown }), [stillSearching, reviews, unknown]);
  useEffect(() => {
    let live = true;
    void repo.previewClose(audit.id, decisions).then((p) => live && setPreview(p));
    return () => {
      live = false;
    };
  }, [repo, audit.id, decisions, view]);

  const notFound = useMemo(() => [...index.byId.values()].filter((r) => !merged.assets.has(r.assetId)).sort((a, b) => a.tag.localeCompare(b.tag)), [index, merged]);
  const toReview = useMemo(() => [...merged.assets.values()].filter((o) => o.review !== null), [merged]);
  const labels = useAssetLabels(useMemo(() => [...notFound.slice(0, NOT_FOUND_SHOWN).map((r) => r.assetId), ...toReview.map((o) => o.assetId)], [notFound, toReview])) ?? NO_LABELS;
  const tagOf = (assetId: string) => labels.get(assetId)?.tag ?? index.byId.get(assetId)?.tag ?? assetId;
  const c = merged.counts;

  async function close() {
    setError(null);
    if (!pad.current || pad.current.isEmpty()) return setError('Sign on the screen first.');
    setClosing(true);
    const result = await repo.closeAudit(audit.id, { ...decisions, signature: pad.current.toPngDataUrl(), signedName, notes });
    setClosing(false);
    if (!result.ok) return setError(result.reason);
    navigate(`/audits/${audit.id}/report`);
  }

  return (
    <Stack gap="md" data-testid="audit-close">
      <div>
        <Title order={1} size="h2">
          Close {audit.number} · {audit.name}
        </Title>
        <Text c="dimmed" size="sm">
          The scans of every auditor that reached this device, merged. Scans still on an auditor’s device arrive after the close as late scans, shown on the report.
        </Text>
      </div>
      <SimpleGrid cols={{ base: 2, sm: 4 }} data-testid="close-counts">
        {(
          [
            ['Expected', c.expected],
            ['Found', c.found],
            ['Found elsewhere', c.foundElsewhere],
            ['Not found', c.notFound],
            ['Outside the audit', c.outside],
            ['Unknown tags', c.unknown],
            ['Retired found', c.retiredFound],
            ['Scans', c.scans],
          ] as const
        ).map(([label, n]) => (
          <Paper key={label} withBorder p="sm">
            <Text size="xs" c="dimmed">
              {label}
            </Text>
            <Text fz={24} fw={700}>
              {n}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>

      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="xs">
          Not found ({notFound.length})
        </Title>
        {notFound.length === 0 ? (
          <Text size="sm" c="dimmed">
            Every expected asset was found.
          </Text>
        ) : (
          <>
            <Text size="sm" mb="xs">
              Closing marks them missing, unless someone is still looking for them.
            </Text>
            <ScrollArea.Autosize mah={420} type="auto">
            <Table verticalSpacing={4} data-testid="not-found">
              <Table.Tbody>
                {notFound.slice(0, NOT_FOUND_SHOWN).map((r) => (
                  <Table.Tr key={r.assetId} data-testid="not-found-row">
                    <Table.Td ff="monospace">{r.tag}</Table.Td>
                    <Table.Td>{labels.get(r.assetId)?.name ?? ''}</Table.Td>
                    <Table.Td>{names.location(r.locationId)}</Table.Td>
                    <Table.Td>
                      <Checkbox
                        label="Still searching"
                        checked={stillSearching.has(r.assetId)}
                        onChange={(e) => {
                          const checked = e.currentTarget.checked;
                          setStillSearching((prev) => {
                            const next = new Set(prev);
                            if (checked) next.add(r.assetId);
                            else next.delete(r.assetId);
                            return next;
                          });
                        }}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            </ScrollArea.Autosize>
          </>
        )}
      </Paper>

      <DriftPanel view={view} names={names} />

      {toReview.length > 0 && (
        <Paper withBorder p="md" data-testid="reviews">
          <Title order={2} size="h4" mb="xs">
            To decide ({toReview.length})
          </Title>
          <Stack gap="sm">
            {toReview.map((o) => {
              const places = [...new Set([...(o.review?.foundIn ?? []), o.foundIn])];
              const value = reviews[o.assetId];
              return (
                <div key={o.assetId} data-testid="review-row">
                  <Text fw={600}>
                    {tagOf(o.assetId)} {labels.get(o.assetId)?.name ?? ''}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {o.review?.reasons.join(' ')} Recorded in {names.location(o.expectedLocationId)}.
                  </Text>
                  <Radio.Group value={value ? (value.kind === 'move' ? `move:${value.locationId}` : 'leave') : null} onChange={(v) => setReviews((prev) => ({ ...prev, [o.assetId]: v === 'leave' ? { kind: 'leave' } : { kind: 'move', locationId: v.slice(5) } }))}>
                    <Group gap="md" mt={4}>
                      {places.map((p) => (
                        <Radio key={p} value={`move:${p}`} label={`Move to ${names.location(p)}`} />
                      ))}
                      <Radio value="leave" label="Leave where it is recorded" />
                    </Group>
                  </Radio.Group>
                </div>
              );
            })}
          </Stack>
        </Paper>
      )}

      {merged.unknown.length > 0 && (
        <Paper withBorder p="md" data-testid="unknown-tags">
          <Title order={2} size="h4" mb="xs">
            Unknown tags ({merged.unknown.length})
          </Title>
          <Stack gap="sm">
            {merged.unknown.map((u) => {
              const value = unknown[u.key];
              return (
                <Group key={u.key} gap="md" align="flex-end" wrap="wrap" data-testid="unknown-row">
                  <div style={{ minWidth: 180 }}>
                    <Text ff="monospace" fw={600}>
                      {u.code}
                    </Text>
                    <Text size="xs" c="dimmed">
                      In {names.location(u.locationId)}, by {u.auditorIds.map((id) => names.person(id)).join(', ')}
                    </Text>
                    {u.notes.map((note) => (
                      <Text key={note} size="sm" fs="italic" data-testid="unknown-note">
                        “{note}”
                      </Text>
                    ))}
                    {u.photos.length > 0 && (
                      <Group gap={6} mt={4}>
                        {u.photos.map((sha) => (
                          <ScanPhoto key={sha} sha256={sha} code={u.code} size={72} />
                        ))}
                      </Group>
                    )}
                  </div>
                  <Radio.Group value={value?.kind ?? null} onChange={(v) => setUnknown((prev) => ({ ...prev, [u.key]: v === 'register' ? { kind: 'register' } : { kind: 'dismiss', reason: '' } }))}>
                    <Group gap="md">
                      <Radio value="register" label="Register as a new asset" />
                      <Radio value="dismiss" label="Dismiss" />
                    </Group>
                  </Radio.Group>
                  {value?.kind === 'dismiss' && (
                    <TextInput
                      aria-label={`Why dismiss ${u.code}`}
                      placeholder="Why (e.g. a tag of the landlord’s)"
                      value={value.reason}
                      onChange={(e) => {
                        const reason = e.currentTarget.value;
                        setUnknown((prev) => ({ ...prev, [u.key]: { kind: 'dismiss', reason } }));
                      }}
                      style={{ flex: 1, minWidth: 220 }}
                    />
                  )}
                </Group>
              );
            })}
          </Stack>
        </Paper>
      )}

      {preview && !preview.ok && (
        <Alert color="orange" title="Before closing" data-testid="close-blockers">
          <Stack gap={2}>
            {preview.reasons.map((r) => (
              <Text key={r} size="sm">
                {r}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      {preview?.ok && (
        <Paper withBorder p="md" data-testid="close-plan">
          <Text size="sm">
            Closing will mark <b>{preview.plan.missing.length}</b> missing, keep <b>{preview.plan.stillSearching.length}</b> as still searching, move <b>{preview.plan.moves.length}</b>, register <b>{preview.plan.register.length}</b> new and dismiss{' '}
            <b>{preview.plan.dismissed.length}</b> unknown tags, and record the audit in the history of <b>{preview.plan.audited.length}</b> assets.
          </Text>
        </Paper>
      )}

      <Paper withBorder p="md">
        <Stack gap="sm">
          <SignaturePadField ref={pad} label="Signature of the auditor" onChange={(empty) => setSigned(!empty)} />
          <Group grow align="flex-start">
            <TextInput label="Signed by" value={signedName} onChange={(e) => setSignedName(e.currentTarget.value)} />
            <Textarea label="Notes (optional)" value={notes} onChange={(e) => setNotes(e.currentTarget.value)} autosize minRows={1} />
          </Group>
          {error && (
            <Alert color="red" data-testid="close-error">
              {error}
            </Alert>
          )}
          <Group justify="space-between">
            <Button variant="default" component={Link} to={`/audits/${audit.id}`}>
              Back to scanning
            </Button>
            <Group gap="xs">
              {!signed && <Badge variant="outline">Sign to close</Badge>}
              <Button onClick={() => void close()} loading={closing} disabled={!preview?.ok || !signed || !signedName.trim()} data-testid="close-audit">
                Close the audit
              </Button>
            </Group>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}

/**
 * What changed at the site since the audit started: the snapshot holds (the audit is judged
 * against what was expected when it started), and these are shown so the closer knows.
 */
function DriftPanel({ view, names }: { view: AuditView; names: Names }) {
  const drift = useScopeDrift(view);
  if (!drift || (drift.added.length === 0 && drift.changed.length === 0)) return null;
  const stateWord = (s: AssetState) => ASSET_STATE_LABELS[s].toLowerCase();
  return (
    <Alert color="blue" title="Changed since the audit started" data-testid="scope-drift">
      <Stack gap={4}>
        <Text size="sm">This audit still expects what it expected when it started; these records changed since.</Text>
        {drift.added.length > 0 && (
          <Text size="sm" data-testid="drift-added">
            Not expected by this audit, now in its scope ({drift.added.length}): {drift.added.slice(0, 12).map((a) => a.tag).join(', ')}
            {drift.added.length > 12 ? ` and ${drift.added.length - 12} more` : ''}.
          </Text>
        )}
        {drift.changed.slice(0, 12).map((c) => (
          <Text size="sm" key={c.assetId} data-testid="drift-changed">
            {c.tag}: was {stateWord(c.was.state)} in {names.location(c.was.locationId)}, now{' '}
            {c.now ? `${stateWord(c.now.state)} in ${names.location(c.now.locationId)}` : 'outside the audit’s scope'}.
          </Text>
        ))}
        {drift.changed.length > 12 && <Text size="sm">And {drift.changed.length - 12} more changed.</Text>}
      </Stack>
    </Alert>
  );
}
