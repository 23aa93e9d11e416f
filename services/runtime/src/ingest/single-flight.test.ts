import { SingleFlight, isDeadlineMissed, withinDeadline } from './single-flight';

describe('single flight', () => {
  it('given a write running, then a resend finds it, and it is forgotten once it settles', async () => {
    const flight = new SingleFlight<string>();
    let finish: (value: string) => void = () => undefined;
    const write = flight.start('RXN|MSG1', () => new Promise<string>((resolve) => (finish = resolve)));
    expect(flight.get('RXN|MSG1')).toBe(write);
    expect(flight.size).toBe(1);
    finish('written');
    await expect(write).resolves.toBe('written');
    expect(flight.get('RXN|MSG1')).toBeUndefined();
    expect(flight.size).toBe(0);
  });

  it('given a write that fails, then it is forgotten too, so a resend tries again', async () => {
    const flight = new SingleFlight<string>();
    await expect(flight.start('k', () => Promise.reject(new Error('Kafka down')))).rejects.toThrow(
      'Kafka down',
    );
    expect(flight.get('k')).toBeUndefined();
  });

  it('settle waits for running writes up to its deadline and answers how many are left', async () => {
    const flight = new SingleFlight<void>();
    void flight.start('never', () => new Promise<void>(() => undefined));
    void flight.start('soon', () => new Promise<void>((resolve) => setTimeout(resolve, 5)));
    expect(await flight.settle(50)).toBe(1);
  });
});

describe('ACK deadline', () => {
  it('given a write slower than the deadline, then a retriable ack-deadline error; a faster one passes through', async () => {
    const slow = withinDeadline(new Promise(() => undefined), 10);
    await expect(slow).rejects.toMatchObject({ retriable: true, dependency: 'ack-deadline' });
    await slow.catch((err: unknown) => expect(isDeadlineMissed(err)).toBe(true));
    await expect(withinDeadline(Promise.resolve('ok'), 1000)).resolves.toBe('ok');
    expect(isDeadlineMissed(new Error('other'))).toBe(false);
  });
});
