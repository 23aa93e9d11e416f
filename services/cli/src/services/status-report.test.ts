import { statusReport } from './status-report';

const stack = [
  { name: 'kafka', address: '127.0.0.1:19092', pid: 11, healthy: true },
  { name: 'registry', address: 'http://127.0.0.1:18081/apis/ccompat/v7', pid: 12, healthy: true },
  { name: 'redis', address: 'redis://127.0.0.1:16379', pid: 13, healthy: true },
] as const;
const services = [
  { name: 'projector', pid: 21, healthy: true },
  { name: 'feed-router', pid: 22, healthy: true },
  { name: 'api', pid: 23, healthy: true, endpoint: 'http://127.0.0.1:8080/board' },
] as const;

describe('homefirst status', () => {
  it('lists the servers, the services and the demo, with their columns aligned', () => {
    const report = statusReport(stack, services, 31);
    expect(report.healthy).toBe(true);
    expect(report.lines.map((line) => line.split(/\s+/)[0])).toEqual([
      'kafka',
      'registry',
      'redis',
      'projector',
      'feed-router',
      'api',
      'demo',
    ]);
    // Every name in a column of its own, wide enough for feed-router; addresses start in one column.
    for (const line of report.lines) expect(line.slice(12, 13)).toBe(' ');
    expect(report.lines.filter((line) => line[13] !== ' ').map((line) => line.slice(0, 5))).toEqual([
      'kafka',
      'regis',
      'redis',
      'api  ',
    ]);
    expect(report.lines.at(-1)).toMatch(/running pid 31$/);
  });

  it('is unhealthy when a server is down, though every service still answers its health check', () => {
    const down = [
      { ...stack[0], healthy: false, problem: 'connection refused', pid: undefined },
      ...stack.slice(1),
    ];
    const report = statusReport(down, services, undefined);
    expect(report.healthy).toBe(false);
    expect(report.lines[0]).toMatch(/^kafka +127\.0\.0\.1:19092 +DOWN \(connection refused\)$/);
    expect(report.lines.at(-1)).toMatch(/not running$/);
  });

  it('is unhealthy when a service is down, and says how often its keeper restarted it', () => {
    const report = statusReport(
      stack,
      [
        ...services,
        {
          name: 'hl7v2',
          pid: undefined,
          healthy: false,
          problem: 'not running',
          restarts: { restarts: 3, lastExitCode: 1, lastExitAt: '2026-12-07T08:00:00Z' },
        },
      ],
      undefined,
    );
    expect(report.healthy).toBe(false);
    expect(report.lines).toContainEqual(
      expect.stringMatching(/^hl7v2 +DOWN \(not running\); restarted 3× by its keeper \(last exit code 1/),
    );
  });
});
