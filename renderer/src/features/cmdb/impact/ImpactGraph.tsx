/**
 * The impact graph, drawn with React Flow over the dagre layout (./layout.ts): a box per CI
 * with its name, type and site, how it stands to the start, its open incidents and the count of
 * changes scheduled on it (their numbers, titles and windows in its tooltip); an arrow per
 * relation from the CI that relies to the CI relied on, labelled with the relation's words.
 * Only in the impact screen's chunk. Text from records is passed as React children: never HTML.
 * The same content is in the list beside it, for the keyboard and screen readers.
 */
import { memo, useEffect, useMemo } from 'react';
import { useComputedColorScheme } from '@mantine/core';
import { Background, Controls, Handle, MarkerType, Position, ReactFlow, useNodesInitialized, useNodesState, useReactFlow, useStore, type Edge, type Node, type NodeProps } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { relationWords } from '@fielddesk/common/cmdb/relations';
import { useNavigate } from 'react-router';
import { changeCountWords, changeLine, changeWindowText, scheduledChangeWords } from '../../../shared/changes';
import { ciDetail, DIRECTION_WORDS, incidentWords, nameOf, type ImpactRow } from './impactModel';
import { IMPACT_MEASURES, timed } from './timing';
import type { ImpactData } from './useImpact';
import { layoutImpact, NODE_SIZE } from './layout';
import classes from './ImpactGraph.module.css';
import { FIT_PADDING, MAX_FIT_ZOOM, MIN_ZOOM, readableViewport, type Bounds } from './viewport';

type CiNodeData = { row: ImpactRow };
type CiNode = Node<CiNodeData, 'ci'>;

const DIRECTION_COLORS = { self: 'blue', upstream: 'orange', downstream: 'gray' } as const;

/**
 * A CI's box. Drawn again only when its row changes: React Flow hands a node its measured size and
 * position too, which change once every box is measured, and 500 boxes drawn twice cost twice.
 */
const CiNodeBox = memo(
  function CiNodeBox({ data }: NodeProps<CiNode>) {
    const { row } = data;
    const detail = ciDetail(row.ci);
    return (
      <div className={classes.box} data-direction={row.direction} data-missing={row.ci ? undefined : ''} data-testid="impact-node" data-ci-id={row.id}>
        <Handle type="target" position={Position.Top} isConnectable={false} />
        <div className={classes.name} title={nameOf(row.ci)}>
          {row.ci ? row.ci.name : 'Not on this device'}
        </div>
        <div className={classes.detailRow}>
          <div className={classes.detail} title={row.changes.length > 0 ? detail : undefined}>
            {detail || '\u00a0'}
          </div>
          {row.changes.length > 0 && (
            <span
              className={classes.badge}
              data-color="violet"
              data-testid="impact-node-changes"
              aria-label={scheduledChangeWords(row.changes.length)}
              title={row.changes.map((c) => `${changeLine(c)} (${changeWindowText(c)})`).join('\n')}
            >
              {changeCountWords(row.changes.length)}
            </span>
          )}
        </div>
        <div className={classes.badges}>
          <span className={classes.badge} data-color={DIRECTION_COLORS[row.direction]}>
            {DIRECTION_WORDS[row.direction]}
          </span>
          {row.openIncidents > 0 && (
            <span className={classes.badge} data-color="red" data-testid="impact-node-incidents">
              {incidentWords(row.openIncidents)}
            </span>
          )}
        </div>
        <Handle type="source" position={Position.Bottom} isConnectable={false} />
      </div>
    );
  },
  (before, after) => before.data === after.data,
);

const NODE_TYPES = { ci: CiNodeBox };
/**
 * Relations are labelled with their words ("depends on") up to this many: a larger graph, fitted to
 * its frame, is too small to read them, and React Flow renders and measures every label (each a
 * second render); the table beside the graph says each relation in words.
 */
export const EDGE_LABELS_UP_TO = 100;



/**
 * Keeps the whole graph in view: whenever its CIs change (another depth or direction, a relation
 * synced) or its frame changes size (a window resized, a tablet turned). The boxes' bounds come
 * from the layout (every box is NODE_SIZE), so this needs no measuring of the rendered nodes.
 */
function KeepInView({ bounds }: { bounds: Bounds }) {
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const { setViewport } = useReactFlow();
  useEffect(() => {
    if (width > 0 && height > 0) void setViewport(readableViewport(bounds, width, height));
  }, [bounds, width, height, setViewport]);
  return null;
}

/**
 * Says on the page when React Flow has measured every box, which is when it shows them (until
 * then it keeps them hidden): `data-drawn="true"` with `data-nodes`, the boxes it holds. Tests
 * and `npm run bench:assets` wait for it; nothing reads it otherwise.
 */
function DrawnMarker({ nodes }: { nodes: number }) {
  const drawn = useNodesInitialized();
  return <span hidden data-testid="impact-graph-drawn" data-nodes={nodes} data-drawn={drawn ? 'true' : 'false'} />;
}

export function ImpactGraph({ data }: { data: ImpactData }) {
  const navigate = useNavigate();
  const colorMode = useComputedColorScheme('light');
  const model = useMemo(() => {
    const positions = timed(IMPACT_MEASURES.layout, () => layoutImpact(data.graph));
    const nodes: CiNode[] = data.rows.map((row) => ({
      id: row.id,
      type: 'ci',
      position: positions.get(row.id) ?? { x: 0, y: 0 },
      data: { row },
      draggable: false,
      connectable: false,
      ariaLabel: `${nameOf(row.ci)}: ${DIRECTION_WORDS[row.direction].toLowerCase()}`,
    }));
    const y = (id: string) => positions.get(id)?.y ?? 0;
    const labelled = data.graph.edges.length <= EDGE_LABELS_UP_TO;
    const edges: Edge[] = data.graph.edges.map((r) => {
      // Drawn from the upper box's bottom to the lower box's top; the arrow points at the CI relied
      // on, whichever end that is. A network link ("connects to") is dashed.
      const downward = y(r.fromId) <= y(r.toId);
      const arrow = { type: MarkerType.ArrowClosed, width: 18, height: 18 };
      return {
        id: r.id,
        source: downward ? r.fromId : r.toId,
        target: downward ? r.toId : r.fromId,
        label: labelled ? relationWords(r.type, 'from') : undefined,
        markerEnd: downward ? arrow : undefined,
        markerStart: downward ? undefined : arrow,
        style: r.type === 'connects_to' ? { strokeDasharray: '6 4' } : undefined,
        labelBgPadding: [4, 2] as [number, number],
        focusable: false,
      };
    });
    const xs = nodes.map((n) => n.position.x);
    const ys = nodes.map((n) => n.position.y);
    const bounds: Bounds = { x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs) + NODE_SIZE.width, height: Math.max(...ys) - Math.min(...ys) + NODE_SIZE.height };
    return { nodes, edges, bounds };
  }, [data]);

  // The nodes live in React Flow's state so that its measurements reach them (its own fit-view
  // button waits for them); they are replaced whenever the model changes.
  const [nodes, setNodes, onNodesChange] = useNodesState<CiNode>(model.nodes);
  useEffect(() => setNodes(model.nodes), [model.nodes, setNodes]);

  return (
    <ReactFlow
      nodes={nodes}
      onNodesChange={onNodesChange}
      edges={model.edges}
      nodeTypes={NODE_TYPES}
      colorMode={colorMode}
      minZoom={MIN_ZOOM}
      nodesConnectable={false}
      nodesDraggable={false}
      edgesFocusable={false}
      onNodeClick={(_, node) => {
        if ((node.data as CiNodeData).row.ci) void navigate(`/cis/${node.id}`);
      }}
      aria-label="Impact graph"
    >
      <Background gap={24} />
      <Controls showInteractive={false} fitViewOptions={{ padding: FIT_PADDING, maxZoom: MAX_FIT_ZOOM }} />
      <KeepInView bounds={model.bounds} />
      <DrawnMarker nodes={model.nodes.length} />
    </ReactFlow>
  );
}
