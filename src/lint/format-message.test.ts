import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runRule } from '../../test/support/rule-tester.ts';
import { rule } from '../../rules/calico-selector.ts';
import { formatMessage, MAX_MESSAGE_VALUE } from './run.ts';

describe('values quoted in messages', () => {
  it('when a value is at most the limit, then it is quoted whole', () => {
    const value = 'x'.repeat(MAX_MESSAGE_VALUE);
    assert.equal(formatMessage('selector "{{s}}" is bad', { s: value }), `selector "${value}" is bad`);
  });

  it('when a value is longer, then its start and end are quoted around the count left out', () => {
    const value = `${'a'.repeat(800)}${'b'.repeat(48_100)}${'c'.repeat(100)}`;
    assert.equal(formatMessage('"{{s}}"', { s: value }), `"${'a'.repeat(800)}... (48100 characters left out) ...${'c'.repeat(100)}"`);
  });

  it('when the cut falls inside a surrogate pair, then the character is kept whole', () => {
    const value = `${'a'.repeat(799)}😀${'b'.repeat(2000)}`;
    const message = formatMessage('{{s}}', { s: value });
    assert.ok(message.startsWith(`${'a'.repeat(799)}...`), message.slice(0, 820));
    assert.doesNotMatch(message, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('when a Calico selector of 50,000 characters is reported, then the message stays short', () => {
    const selector = `app == '${'x'.repeat(50_000)}' &&`;
    const found = runRule(rule, { 'p.yaml': `apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: p, namespace: a}\nspec:\n  selector: "${selector}"\n` });
    assert.ok(found.length > 0);
    for (const d of found) assert.ok(d.message.length < 3 * MAX_MESSAGE_VALUE, `${d.message.length} characters`);
  });
});
