/**
 * A memo of peer matchers shared by the entries whose peers are written alike (one `peerKey`): the
 * matrix asks every entry about every class of endpoints, and Cilium and Calico trees repeat the same
 * peers in many policies (`fromEndpoints: [{matchLabels: {tier: web}}]` in every namespace). The answer
 * whether a peer admits an endpoint is shared; the witness (which peer, its path) stays the entry's own,
 * computed only for the endpoints it admits. Answers live on the endpoint's subject (the engine keeps
 * one subject per workload), one byte per key, as a WeakMap per key costs more than the match itself.
 */
import type { PeerWitness, PolicySubject } from '../tiers.ts';

const keyIds = new Map<string, number>();

const UNKNOWN = 0;
const NO = 1;
const YES = 2;

/** Wraps an entry's matcher so that entries of one key answer each endpoint once between them. */
export function sharedPeer(key: string, match: (other: PolicySubject) => PeerWitness | undefined): (other: PolicySubject) => PeerWitness | undefined {
  let id = keyIds.get(key);
  if (id === undefined) {
    // Keys repeat across the models of an editor session; the bound keeps a long session's subjects small.
    if (keyIds.size >= 1 << 20) keyIds.clear();
    keyIds.set(key, (id = keyIds.size));
  }
  const index = id;
  return (other) => {
    let answers = other.peerAnswers;
    if (!answers || answers.length <= index) {
      const grown = new Uint8Array(Math.max(64, keyIds.size, index + 1) * 2);
      if (answers) grown.set(answers);
      answers = grown;
      if (Object.isExtensible(other)) other.peerAnswers = answers;
    }
    const known = answers[index]!;
    if (known === NO) return undefined;
    const witness = match(other);
    if (known === UNKNOWN) answers[index] = witness === undefined ? NO : YES;
    return witness;
  };
}
