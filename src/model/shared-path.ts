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

/** The shared array equal to `segments` (which it may keep, frozen: pass a fresh array). */
export function sharedPath(segments: PathSegment[]): Path {
  if (nodes > MAX_NODES) {
    root = {};
    nodes = 0;
  }
  let node = root;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const next = (node.next ??= new Map());
    let child = next.get(segment);
    if (!child) {
      child = {};
      next.set(segment, child);
      nodes++;
    }
    node = child;
  }
  return (node.path ??= Object.freeze(segments));
}
