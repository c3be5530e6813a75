import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvCell, dotString, escapeHtml, htmlScriptJson, jsonText, markdownCode, markdownText, mermaidText, textLine, visibleText } from '../src/util/escape.ts';

/** A name no API server would accept, as test/golden/reach/tree has: every escaper must survive it. */
const ODD = 'data/odd<b>&"q"|`x`[Pod]';

describe('escapeHtml', () => {
  it('when text holds markup or quotes, then each such character becomes a character reference', () => {
    assert.equal(escapeHtml(ODD), 'data/odd&#60;b&#62;&#38;&#34;q&#34;|`x`[Pod]');
    assert.equal(escapeHtml('a\u202eb'), 'a\\u202eb');
    assert.equal(escapeHtml("it's"), 'it&#39;s');
    assert.equal(escapeHtml('plain text 1-2'), 'plain text 1-2');
  });
});

describe('markdownText', () => {
  it('when text holds Markdown or HTML punctuation, then each is backslash-escaped and the cell is not broken', () => {
    assert.equal(markdownText(ODD), 'data/odd\\<b\\>\\&"q"\\|\\`x\\`\\[Pod\\]');
    assert.equal(markdownText('*a* _b_ ~c~ $x$ {ingress-controller} #1 +2 !3'), '\\*a\\* \\_b\\_ \\~c\\~ \\$x\\$ \\{ingress-controller\\} \\#\u20601 \\+2 \\!3');
    assert.equal(markdownText('a\\b'), 'a\\\\b');
  });

  it('when text spans lines or has control characters, then it stays one line with each of them visible', () => {
    assert.equal(markdownText('first\r\nsecond\tthird\u0007 '), 'first\\\\r\\\\nsecond\\\\tthird\\\\x07');
  });

  it('when text holds a mention, an issue reference or a link, then a word joiner breaks each', () => {
    assert.equal(markdownText('@admins see #12, GH-3, https://x.test and www.x.test'), '@\u2060admins see \\#\u206012, GH\u2060-3, https:\u2060//x.test and www\u2060.x.test');
  });

  it('when text has parentheses or quotes, then they stay as written (no link can start without a bracket)', () => {
    assert.equal(markdownText('"from" (in namespace qa) matches no workload'), '"from" (in namespace qa) matches no workload');
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

  it('when text spans lines or is empty, then it is one line with the break visible, or nothing', () => {
    assert.equal(markdownCode('a\nb'), '`a\\nb`');
    assert.equal(markdownCode(''), '');
  });
});

describe('visibleText', () => {
  it('when text holds C0, DEL, C1, bidi, zero-width or tag characters, then each is written as an escape and nothing else changes', () => {
    assert.equal(visibleText('a\u001b]0;x\u0007b\u007f\u0085\u009b'), 'a\\x1b]0;x\\x07b\\x7f\\x85\\x9b');
    assert.equal(visibleText('x\u202ey\u2066z\u200bw\u200f\u2028\ufeff'), 'x\\u202ey\\u2066z\\u200bw\\u200f\\u2028\\ufeff');
    assert.equal(visibleText('t\u{e0041}'), 't\\u{e0041}');
    assert.equal(visibleText('line\nnext\r\ttab'), 'line\\nnext\\r\\ttab');
    assert.equal(visibleText('\tindent', true), '\tindent');
    assert.equal(visibleText('caf\u00e9 \u{1f600} \u4e2d'), 'caf\u00e9 \u{1f600} \u4e2d');
  });

  it('when text holds a lone surrogate, then it is written as an escape and a pair is kept', () => {
    assert.equal(visibleText('a\ud800b\udc00'), 'a\\ud800b\\udc00');
  });

  it('when text would form a GitHub workflow command, then it is defused; an IPv6 range is not', () => {
    assert.equal(visibleText('x ##[error]forged'), 'x #\\x23[error]forged');
    assert.equal(visibleText('::error file=a.yaml::forged'), '\\x3a:error file=a.yaml::forged');
    assert.equal(visibleText('  ::stop-commands::tok'), '  \\x3a:stop-commands::tok');
    assert.equal(visibleText('::-ffff:ffff::'), '::-ffff:ffff::');
    assert.equal(visibleText('::ffff:0:0-::ffff:ffff:ffff'), '::ffff:0:0-::ffff:ffff:ffff');
  });

  it('when text was escaped once, then escaping it again changes nothing', () => {
    for (const text of ['a\u001bb', '##[error]', '::error::x', '\u202e', '\\x1b']) assert.equal(visibleText(visibleText(text)), visibleText(text));
  });
});

describe('textLine', () => {
  it('when a message has runs of spaces or a line break, then it is one line with single spaces and the break visible', () => {
    assert.equal(textLine('  a    b\nc  '), 'a b\\nc');
  });
});

describe('csvCell', () => {
  it('when a cell starts with a formula character, then a quote neutralises it', () => {
    assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    for (const lead of ['+', '-', '@']) assert.equal(csvCell(`${lead}1`), `'${lead}1`);
    assert.equal(csvCell('\t=1'), "'\\t=1");
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('shop/web[Deployment]'), 'shop/web[Deployment]');
  });
});

describe('mermaidText and dotString', () => {
  it('when a label holds quotes, brackets, backslashes or control characters, then nothing leaves the label', () => {
    assert.equal(mermaidText('a"]\nb\\c'), 'a#34;]#92;nb#92;c');
    assert.equal(dotString('a"b\\N\nc'), '"a\\"b\\\\N\\\\nc"');
  });
});

describe('jsonText', () => {
  it('when values hold characters JSON allows raw, then they are escaped in the bytes and decode to the same values', () => {
    const value = { name: 'a\u202eb\u0085c\u2028d ##[error]x \u{e0041}', esc: '\u001b' };
    const text = jsonText(value, 2);
    assert.doesNotMatch(text, /[\u007f-\u009f\u2028\u202e\u{e0041}\u001b]|##\[/u);
    assert.deepEqual(JSON.parse(text), value);
  });
});

describe('htmlScriptJson', () => {
  it('when a value could end the script element or open a comment, then its bytes hold no <, > or & and it decodes to the same value', () => {
    const value = { id: 'x</script><script>alert(1)</script><!-- & \\<', bidi: 'a\u202eb' };
    const text = htmlScriptJson(value);
    assert.doesNotMatch(text, /[<>&\u202e]/);
    assert.deepEqual(JSON.parse(text), value);
  });
});
