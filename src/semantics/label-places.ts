/** Where a model holds label maps and label selectors: the fields the API server validates as labels. */
import type { KubeObject, Model } from '../model/types.ts';
import type { Path } from '../source/types.ts';

/** A field of an object: a label map (`metadata.labels`, a Service selector) or a LabelSelector. */
export interface LabelPlace {
  readonly object: KubeObject;
  readonly path: Path;
}

/** The label maps and the LabelSelectors of a model's objects, in model order. */
export function labelPlaces(model: Model): { readonly maps: LabelPlace[]; readonly selectors: LabelPlace[] } {
  const maps: LabelPlace[] = model.objects.map((object) => ({ object, path: ['metadata', 'labels'] }));
  const selectors: LabelPlace[] = [];
  for (const w of model.workloads) {
    // A bare Pod's template labels are its metadata's, already listed.
    if (w.template.path.length > 0) maps.push({ object: w.object, path: w.template.labelsPath });
    // The API server validates a pod's nodeSelector as labels (ValidatePodSpec: ValidateLabels).
    maps.push({ object: w.object, path: [...w.template.path, 'spec', 'nodeSelector'] });
    // ReplicationController.spec.selector is a plain map rather than a LabelSelector.
    if (w.selectorPath) (w.kind === 'ReplicationController' ? maps : selectors).push({ object: w.object, path: w.selectorPath });
  }
  for (const s of model.services) maps.push({ object: s.object, path: s.selectorPath });
  for (const p of model.policies) {
    selectors.push({ object: p.object, path: p.podSelectorPath });
    for (const rule of [p.ingress, p.egress].flat()) {
      for (const peer of rule.peers ?? []) {
        if (peer.type !== 'pods') continue;
        selectors.push({ object: p.object, path: [...peer.path, 'podSelector'] }, { object: p.object, path: [...peer.path, 'namespaceSelector'] });
      }
    }
  }
  return { maps, selectors };
}
