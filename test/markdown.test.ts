import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeHtml, escapeMarkdownCell, markdownCode } from '../src/format/markdown.ts';

/** A name no API server would accept, as test/golden/reach/tree has: every escaper must survive it. */
const ODD = 'data/odd<b>&"q"|`x`[Pod]';

describe('escapeHtml', () => {
  it('when text holds markup or quotes, then each such character becomes a character reference', () => {
    assert.equal(escapeHtml(ODD), 'data/odd&#60;b&#62;&#38;&#34;q&#34;|`x`[Pod]');
    assert.equal(escapeHtml("it's"), 'it&#39;s');
    assert.equal(escapeHtml('plain text 1-2'), 'plain text 1-2');
  });
});

describe('escapeMarkdownCell', () => {
  it('when text holds Markdown or HTML punctuation, then each is backslash-escaped and the cell is not broken', () => {
    assert.equal(escapeMarkdownCell(ODD), 'data/odd\\<b\\>\\&"q"\\|\\`x\\`\\[Pod\\]');
    assert.equal(escapeMarkdownCell('*a* _b_ ~c~ $x$ {ingress-controller} #1 +2 !3'), '\\*a\\* \\_b\\_ \\~c\\~ \\$x\\$ \\{ingress-controller\\} \\#1 \\+2 \\!3');
    assert.equal(escapeMarkdownCell('a\\b'), 'a\\\\b');
  });

  it('when text spans lines or has control characters, then it becomes one line', () => {
    assert.equal(escapeMarkdownCell('first\r\nsecond\tthird\u0007 '), 'first second third');
  });

  it('when text has parentheses or quotes, then they stay as written (no link can start without a bracket)', () => {
    assert.equal(escapeMarkdownCell('"from" (in namespace qa) matches no workload'), '"from" (in namespace qa) matches no workload');
  });
});

describe('markdownCode', () => {
  it('when text has no backtick, then it is one code span; in a table a pipe is escaped', () => {
    assert.equal(markdownCode('shop/web[Deployment]'), '`shop/web[Deployment]`');
    assert.equal(markdownCode('a|b', true), '`a\\|b`');
    assert.equal(markdownCode('a|b'), '`a|b`');
  });

  it('when text holds backticks, then the fence is longer than any run inside and padded at a backtick edge', () => {
    assert.equal(markdownCode('a`b'), '``a`b``');
    assert.equal(markdownCode('`x``'), '``` `x`` ```');
  });

  it('when text spans lines or is empty, then it is one line, or nothing', () => {
    assert.equal(markdownCode('a\nb'), '`a b`');
    assert.equal(markdownCode(''), '');
  });
});
