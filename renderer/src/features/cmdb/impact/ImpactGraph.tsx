/**
 * The impact graph, drawn with React Flow over the dagre layout (./layout.ts): a box per CI
 * with its name, type and site, how it stands to the start and its open incidents; an arrow per
 * relation from the CI that relies to the CI relied on, labelled with the relation's words.
 * Only in the impact screen's chunk. Text from records is passed as React children: never HTML.
 * The same content is in the list beside it, for the keyboard and screen readers.
 */
import { memo, useMemo } from 'react';
import { Badge, Group, Paper, Text, useComputedColorScheme } from '@mantine/core';
import { Background, Controls, Handle, MarkerType, Position, ReactFlow, type Edge, type Node, type NodeProps } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { relationWords } from '@fielddesk/common/cmdb/relations';
import { useNavigate } from 'react-router';
import { DIRECTION_WORDS, incidentWords, nameOf, type ImpactRow } from './impactModel';
import type { ImpactData } from './useImpact';
import { layoutImpact, NODE_SIZE } from './layout';

type CiNodeData = { row: ImpactRow };
type CiNode = Node<CiNodeData, 'ci'>;

const DIRECTION_COLORS = { self: 'blue', upstream: 'orange', downstream: 'gray' } as const;

const CiNodeBox = memo(function CiNodeBox({ data }: NodeProps<CiNode>) {
  const { row } = data;
  const detail = row.ci ? [row.ci.ciType, row.ci.siteName].filter(Boolean).join(' · ') : '';
  return (
    <Paper
      withBorder
      shadow={row.direction === 'self' ? 'sm' : undefined}
      px="xs"
      py={6}
      w={NODE_SIZE.width}
      h={NODE_SIZE.height}
      style={{ borderColor: row.direction === 'self' ? 'var(--mantine-color-blue-6)' : undefined, borderWidth: row.direction === 'self' ? 2 : undefined, cursor: row.ci ? 'pointer' : 'default' }}
      data-testid="impact-node"
      data-ci-id={row.id}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <Text size="sm" fw={600} truncate c={row.ci ? undefined : 'orange'} title={nameOf(row.ci)}>
        {nameOf(row.ci)}
      </Text>
      <Text size="xs" c="dimmed" truncate>
        {detail || '\u00a0'}
      </Text>
      <Group gap={4} mt={4} wrap="nowrap">
        <Badge size="xs" variant="light" color={DIRECTION_COLORS[row.direction]}>
          {DIRECTION_WORDS[row.direction]}
        </Badge>
        {row.openIncidents > 0 && (
          <Badge size="xs" color="red" variant="filled" data-testid="impact-node-incidents">
            {incidentWords(row.openIncidents)}
          </Badge>
        )}
      </Group>
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </Paper>
  );
});

const NODE_TYPES = { ci: CiNodeBox };

export function ImpactGraph({ data }: { data: ImpactData }) {
  const navigate = useNavigate();
  const colorMode = useComputedColorScheme('light');
  const { nodes, edges } = useMemo(() => {
    const positions = layoutImpact(data.graph);
    const nodes: CiNode[] = data.rows.map((row) => ({
      id: row.id,
      type: 'ci',
      position: positions.get(row.id) ?? { x: 0, y: 0 },
      data: { row },
      draggable: false,
      connectable: false,
      ariaLabel: `${nameOf(row.ci)}: ${DIRECTION_WORDS[row.direction].toLowerCase()}`,
    }));
    const edges: Edge[] = data.graph.edges.map((r) => ({
      id: r.id,
      source: r.fromId,
      target: r.toId,
      label: relationWords(r.type, 'from'),
      markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 },
      style: r.type === 'connects_to' ? { strokeDasharray: '6 4' } : undefined,
      labelBgPadding: [4, 2] as [number, number],
      focusable: false,
    }));
    return { nodes, edges };
  }, [data]);

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={NODE_TYPES}
      colorMode={colorMode}
      fitView
      fitViewOptions={{ padding: 0.15, maxZoom: 1.2 }}
      minZoom={0.2}
      nodesConnectable={false}
      nodesDraggable={false}
      edgesFocusable={false}
      onNodeClick={(_, node) => {
        if ((node.data as CiNodeData).row.ci) void navigate(`/cis/${node.id}`);
      }}
      aria-label="Impact graph"
    >
      <Background gap={24} />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
