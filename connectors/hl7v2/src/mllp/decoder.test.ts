import { CR, FS, MllpDecoder, VT, mllpFrame } from './decoder';

const frame = (text: string): Buffer => mllpFrame(Buffer.from(text));
const frames = (items: ReturnType<MllpDecoder['push']>): string[] =>
  items.flatMap((item) => (item.kind === 'frame' ? [item.bytes.toString()] : []));

describe('MLLP framing', () => {
  it('given one frame, when pushed, then the message without the block characters', () => {
    expect(frames(new MllpDecoder(1024).push(frame('MSH|1')))).toEqual(['MSH|1']);
  });

  it('given a frame split across chunks at every position, when pushed piece by piece, then one frame', () => {
    const bytes = frame('MSH|^~\\&|PAS\rPID|1');
    for (let cut = 1; cut < bytes.length; cut += 1) {
      const decoder = new MllpDecoder(1024);
      const got = [...decoder.push(bytes.subarray(0, cut)), ...decoder.push(bytes.subarray(cut))];
      expect(frames(got)).toEqual(['MSH|^~\\&|PAS\rPID|1']);
    }
  });

  it('given several frames in one chunk, when pushed, then each in order', () => {
    const chunk = Buffer.concat([frame('A'), frame('B'), frame('C')]);
    expect(frames(new MllpDecoder(1024).push(chunk))).toEqual(['A', 'B', 'C']);
  });

  it('given noise between frames, when pushed, then it is skipped and reported; newlines are not noise', () => {
    const decoder = new MllpDecoder(1024);
    const items = decoder.push(
      Buffer.concat([Buffer.from('\r\n'), frame('A'), Buffer.from('xyz\n'), frame('B')]),
    );
    expect(frames(items)).toEqual(['A', 'B']);
    expect(items.filter((item) => item.kind === 'garbage')).toEqual([{ kind: 'garbage', bytes: 3 }]);
  });

  it('given a start block inside an unfinished frame, when pushed, then the abandoned part is noise and the new frame is read', () => {
    const bytes = Buffer.concat([Buffer.from([VT]), Buffer.from('half'), frame('whole')]);
    const items = new MllpDecoder(1024).push(bytes);
    expect(frames(items)).toEqual(['whole']);
    expect(items.some((item) => item.kind === 'garbage')).toBe(true);
  });

  it('given a frame over the limit, when pushed, then "oversize" with the start of the frame, at once, before the end block arrives', () => {
    const decoder = new MllpDecoder(10);
    const items = decoder.push(Buffer.concat([Buffer.from([VT]), Buffer.from('MSH|0123456789')]));
    expect(items).toEqual([{ kind: 'oversize', prefix: Buffer.from('MSH|0123456789') }]);
    expect(decoder.buffered).toBe(0);
    // the rest of the oversize frame is skipped; the next frame is read
    expect(
      frames(decoder.push(Buffer.concat([Buffer.from('more'), Buffer.from([FS, CR]), frame('ok')]))),
    ).toEqual(['ok']);
  });

  it('given FS without the CR (some senders), when pushed, then the frame still ends', () => {
    expect(
      frames(
        new MllpDecoder(1024).push(Buffer.concat([Buffer.from([VT]), Buffer.from('A'), Buffer.from([FS])])),
      ),
    ).toEqual(['A']);
  });
});
