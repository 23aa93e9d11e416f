import { avroNamespace, eventsWith, field, optional, record, vocabulary } from './builders';

describe('schema builders', () => {
  const ns = avroNamespace('uk.homefirst.test');

  it('a namespace builds records and vocabularies in it, as the long-hand builders do', () => {
    const fields = [field('a', 'string', 'A.'), optional('b', 'int', 'B.')];
    expect(ns.record('Thing', 'A thing.', fields)).toEqual(
      record('uk.homefirst.test', 'Thing', 'A thing.', fields),
    );
    expect(ns.vocabulary('Colour', 'A colour.', ['RED', 'BLUE'])).toEqual(
      vocabulary('uk.homefirst.test', 'Colour', 'A colour.', ['RED', 'BLUE', 'UNKNOWN'], 'UNKNOWN'),
    );
  });

  it('a namespace vocabulary ends in UNKNOWN, its default, so an older reader survives a new symbol', () => {
    const colour = ns.vocabulary('Colour', 'A colour.', ['RED']);
    expect(colour.symbols).toEqual(['RED', 'UNKNOWN']);
    expect(colour.default).toBe('UNKNOWN');
  });

  it('events of one kind start with the same identifying fields, then their own, in order', () => {
    const id = field('id', 'string', 'Id.');
    const owner = field('owner', 'string', 'Owner.');
    const ownedEvent = eventsWith(ns.record, id, owner);
    const event = ownedEvent('ThingMoved', 'A thing moved.', field('to', 'string', 'Where.'));
    expect(event.fields.map((f) => f.name)).toEqual(['id', 'owner', 'to']);
    expect(ownedEvent('ThingLost', 'A thing was lost.').fields).toEqual([id, owner]);
  });
});
