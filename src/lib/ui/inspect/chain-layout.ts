import { Graph, layout } from '@dagrejs/dagre';
import type { ChainGraph, GraphEdge, GraphNode } from '$lib/pki/inspect/chain-graph';

/** Box size of every node in the chain picture, in SVG units. */
export const BOX = { w: 190, h: 46 } as const;

export interface PlacedNode extends GraphNode {
	x: number;
	y: number;
}
export interface PlacedEdge extends GraphEdge {
	points: { x: number; y: number }[];
}

/**
 * Places the chain graph with dagre's layered layout (Sugiyama style: issuers above what they sign,
 * few crossings), so any number of roots, cross-signs and leaves reads top to bottom.
 */
export function placeGraph(graph: ChainGraph): {
	nodes: PlacedNode[];
	edges: PlacedEdge[];
	width: number;
	height: number;
} {
	const g = new Graph({ multigraph: true });
	g.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 48, marginx: 10, marginy: 10 });
	g.setDefaultEdgeLabel(() => ({}));
	for (const n of graph.nodes) g.setNode(n.id, { width: BOX.w, height: BOX.h });
	graph.edges.forEach((e, i) => g.setEdge(e.from, e.to, {}, String(i)));
	layout(g);
	const size = g.graph() as { width?: number; height?: number };
	return {
		nodes: graph.nodes.map((n) => {
			const p = g.node(n.id) as { x: number; y: number };
			return { ...n, x: p.x - BOX.w / 2, y: p.y - BOX.h / 2 };
		}),
		edges: graph.edges.map((e, i) => ({
			...e,
			points: ((g.edge({ v: e.from, w: e.to, name: String(i) }) as { points?: { x: number; y: number }[] }).points ??
				[]) as { x: number; y: number }[]
		})),
		width: Math.max(size.width ?? 0, BOX.w + 20),
		height: Math.max(size.height ?? 0, BOX.h + 20)
	};
}
