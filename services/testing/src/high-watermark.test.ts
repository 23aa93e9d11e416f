import { ReadPosition } from './high-watermark';
import { partitionKey, splitPartitionKey } from './offsets';

describe('ReadPosition', () => {
  it('is 0 on a partition nothing was read from', () => {
    expect(new ReadPosition().nextOffset('t', 0)).toBe(0);
  });

  it('is the offset after the highest record handled, per partition, whatever the order', () => {
    const position = new ReadPosition();
    position.handled('t', 0, '4');
    position.handled('t', 0, '2');
    position.handled('t', 1, '0');
    position.handled('u', 0, '9');
    expect(position.nextOffset('t', 0)).toBe(5);
    expect(position.nextOffset('t', 1)).toBe(1);
    expect(position.nextOffset('u', 0)).toBe(10);
  });
});

describe('partition keys', () => {
  it('split back into topic and partition, even for dotted prefixed topics', () => {
    const key = partitionKey('it-x-1.homefirst.hospital.events.v1', 5);
    expect(splitPartitionKey(key)).toEqual({ topic: 'it-x-1.homefirst.hospital.events.v1', partition: 5 });
  });
});
