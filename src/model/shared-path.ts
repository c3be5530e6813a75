import type { Path, PathSegment } from '../source/types.ts';

/**
 * One array per distinct path, shared by every view that records it. The paths the model keeps
 * (`['spec', 'template', 'spec', 'containers', 0, 'ports', 1]`, ...) are relative to their object, so
 * the 50,000 Deployments of a large tree record the same few hundred paths; a fresh array for each
 * port, probe and env entry of each of them was most of the model's memory, and the collector's work
 * grew with it (issue 14: 2x the tree cost 2.5x the time). Paths are read only, so they are frozen:
 * a write would fail loudly instead of changing another view's path.
 */
interface PathNode {
  path?: Path;
  next?: Map<PathSegment, PathNode>;
}

/** Past this many nodes the table starts afresh: input with ever new paths (a list of a million items) cannot grow it without bound. */
const MAX_NODES = 1 << 18;

let root: PathNode = {};
let nodes = 0;
/**
 * The node of each path handed out, so that a path under one (`childPath`) walks its own few segments
 * from there instead of the whole path from the root, and builds no array when it was handed out before.
 */
let nodeOfPath = new Map<Path, PathNode>();

function startAfreshWhenFull(): void {
  if (nodes > MAX_NODES) {
    root = {};
    nodes = 0;
    nodeOfPath = new Map();
  }
}

function step(node: PathNode, segment: PathSegment): PathNode {
  const next = (node.next ??= new Map());
  let child = next.get(segment);
  if (!child) {
    child = {};
    next.set(segment, child);
    nodes++;
  }
  return child;
}

/** The path of `node`, made of `segments` (frozen and kept) when the node has none yet. */
function handOut(node: PathNode, segments: PathSegment[]): Path {
  if (node.path) return node.path;
  const path = Object.freeze(segments);
  node.path = path;
  nodeOfPath.set(path, node);
  return path;
}

/** The shared array equal to `segments` (which it may keep, frozen: pass a fresh array). */
export function sharedPath(segments: PathSegment[]): Path {
  startAfreshWhenFull();
  let node = root;
  for (let i = 0; i < segments.length; i++) node = step(node, segments[i]!);
  return handOut(node, segments);
}

/** The shared array equal to `parent` followed by `segments` (`sharedPath([...parent, ...segments])`, without the copy when the path exists). */
export function childPath(parent: Path, ...segments: PathSegment[]): Path {
  startAfreshWhenFull();
  let node = nodeOfPath.get(parent);
  if (!node) return sharedPath([...parent, ...segments]);
  for (let i = 0; i < segments.length; i++) node = step(node, segments[i]!);
  return node.path ?? handOut(node, [...parent, ...segments]);
}
