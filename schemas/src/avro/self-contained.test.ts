import { record, vocabulary } from './builders';
import { selfContained } from './self-contained';

describe('selfContained', () => {
  const colour = vocabulary('t', 'Colour', 'c', ['RED', 'UNKNOWN'], 'UNKNOWN');

  it('defines a shared named type once and references it afterwards', () => {
    const schema = selfContained(
      record('t', 'R', 'r', [
        { name: 'a', type: colour, doc: 'a' },
        { name: 'b', type: ['null', colour], doc: 'b', default: null },
      ]),
    );
    expect(schema.fields[0]?.type).toEqual(colour);
    expect(schema.fields[1]?.type).toEqual(['null', 't.Colour']);
  });

  it('refuses two different definitions under one name', () => {
    const other = vocabulary('t', 'Colour', 'c', ['BLUE', 'UNKNOWN'], 'UNKNOWN');
    expect(() =>
      selfContained(
        record('t', 'R', 'r', [
          { name: 'a', type: colour, doc: 'a' },
          { name: 'b', type: other, doc: 'b' },
        ]),
      ),
    ).toThrow(/t.Colour is defined twice/);
  });

  it('requires an enum default that is one of its symbols', () => {
    expect(() => vocabulary('t', 'E', 'e', ['A'], 'B' as 'A')).toThrow(/default B/);
  });
});
