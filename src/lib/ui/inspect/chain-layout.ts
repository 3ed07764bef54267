import { Graph, layout } from '@dagrejs/dagre';
import type { GraphEdge, GraphNode } from '$lib/pki/inspect/chain-graph';

/** Box size of every node in the chain picture, in SVG units. */
export const BOX = { w: 190, h: 46 } as const;

export type Placed<N> = N & { x: number; y: number };
export type Routed<E> = E & { points: { x: number; y: number }[] };
export type PlacedNode = Placed<GraphNode>;
export type PlacedEdge = Routed<GraphEdge>;

/**
 * Places a graph of issuers and what they sign with dagre's layered layout (Sugiyama style: issuers
 * above what they sign, few crossings), so any number of roots, cross-signs and leaves reads top to
 * bottom. Inspect's chain picture and the vault's CA hierarchy both draw with it; `box` is the size of
 * every node, and x/y are its top-left corner.
 */
export function placeGraph<N extends { id: string }, E extends { from: string; to: string }>(
	graph: { nodes: readonly N[]; edges: readonly E[] },
	box: { w: number; h: number } = BOX
): { nodes: Placed<N>[]; edges: Routed<E>[]; width: number; height: number } {
	const g = new Graph({ multigraph: true });
	g.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 48, marginx: 10, marginy: 10 });
	g.setDefaultEdgeLabel(() => ({}));
	for (const n of graph.nodes) g.setNode(n.id, { width: box.w, height: box.h });
	graph.edges.forEach((e, i) => g.setEdge(e.from, e.to, {}, String(i)));
	layout(g);
	const size = g.graph() as { width?: number; height?: number };
	return {
		nodes: graph.nodes.map((n) => {
			const p = g.node(n.id) as { x: number; y: number };
			return { ...n, x: p.x - box.w / 2, y: p.y - box.h / 2 };
		}),
		edges: graph.edges.map((e, i) => ({
			...e,
			points: ((g.edge({ v: e.from, w: e.to, name: String(i) }) as { points?: { x: number; y: number }[] }).points ??
				[]) as { x: number; y: number }[]
		})),
		width: Math.max(size.width ?? 0, box.w + 20),
		height: Math.max(size.height ?? 0, box.h + 20)
	};
}
