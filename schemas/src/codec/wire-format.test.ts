import { Type } from 'avsc';
import { encodeFramed, frame, unframe } from './wire-format';

describe('encodeFramed: header and body in one buffer', () => {
  const type = Type.forSchema({ type: 'record', name: 'R', fields: [{ name: 's', type: 'string' }] });

  it('equals frame(id, toBuffer(value)) for small values and for values larger than its scratch space', () => {
    for (const s of ['', 'é', 'x'.repeat(100), 'y'.repeat(70_000), 'z'.repeat(10)]) {
      const framed = encodeFramed(42, (buffer, position) => type.encode({ s }, buffer, position));
      expect(framed).toEqual(frame(42, type.toBuffer({ s })));
      const { schemaId, body } = unframe(framed);
      expect(schemaId).toBe(42);
      expect(type.fromBuffer(body)).toEqual({ s });
    }
  });

  it('returns a buffer of its own: a later encode does not change an earlier result', () => {
    const first = encodeFramed(1, (buffer, position) => type.encode({ s: 'first' }, buffer, position));
    encodeFramed(2, (buffer, position) => type.encode({ s: 'second!' }, buffer, position));
    expect(type.fromBuffer(unframe(first).body)).toEqual({ s: 'first' });
  });
});
