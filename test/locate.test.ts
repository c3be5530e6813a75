import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { locateTarget } from '../src/model/locate.ts';
import { parseSources } from '../src/source/parse.ts';
import { rangeOf } from '../src/source/text.ts';

const file = { path: 'a.yaml', absPath: '/virtual/a.yaml', text: 'spec:\n  selector:\n    app: web\n\n  ports:\n    - port: 80\n' };

describe('locating a finding', () => {
  const [doc] = parseSources([file]);

  it('when the target is a block map, then its range ends on its last line, not at the start of the next', () => {
    const { span } = locateTarget({ doc: doc!, path: ['spec', 'selector'] });
    assert.deepEqual(rangeOf(file, span), { start: { line: 3, column: 5 }, end: { line: 3, column: 13 } });
  });

  it('when the target is a scalar, then its range is the scalar exactly', () => {
    const { span } = locateTarget({ doc: doc!, path: ['spec', 'ports', 0, 'port'] });
    assert.equal(file.text.slice(span.start, span.end), '80');
  });

  it('when the path does not exist, then the nearest existing ancestor key is the range', () => {
    const { span } = locateTarget({ doc: doc!, path: ['spec', 'ports', 0, 'targetPort'] });
    assert.equal(file.text.slice(span.start, span.end), 'port: 80');
  });
});

describe('locating in YAML the fast reader leaves to the reference parser', () => {
  // A flow mapping over several lines takes the `yaml` library's path (src/source/parse-yaml.ts).
  const flow = { path: 'b.yaml', absPath: '/virtual/b.yaml', text: 'a: {True: x,\n  1: w, null: z}\n' };
  const [doc] = parseSources([flow]);
  const at = (key: string) => {
    const location = doc!.locate(['a', key]);
    return location && flow.text.slice(location.value.start, location.value.end);
  };

  it('when keys are a boolean, a number and null, then each is found by the key its value has, and by no other', () => {
    assert.deepEqual(doc!.value, { a: { true: 'x', 1: 'w', '': 'z' } });
    assert.equal(at('true'), 'x');
    assert.equal(at('1'), 'w', 'not the True key, which loose equality took for 1');
    assert.equal(at(''), 'z');
    assert.equal(at('True'), undefined);
  });
});
