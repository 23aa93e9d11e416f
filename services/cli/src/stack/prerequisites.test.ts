import {
  MissingPrerequisiteError,
  requireJava,
  requireMaven,
  requireOpenssl,
  requireRedis,
} from './prerequisites';

// With nothing on PATH, each check names the missing tool and how to install it.
describe('local stack prerequisites', () => {
  const path = process.env.PATH;
  afterEach(() => {
    process.env.PATH = path;
  });

  it.each([
    ['Java', requireJava, /Java is required .* no `java` on PATH.*openjdk-17/],
    ['Maven', requireMaven, /Maven is required .* no `mvn` on PATH.*apt-get install maven/],
    ['redis-server', requireRedis, /redis-server is required .* apt-get install redis-server/],
    ['openssl', requireOpenssl, /openssl is required .* no `openssl` on PATH.*apt-get install openssl/],
  ])('given no %s on PATH, then a clear error says how to install it', (_tool, check, message) => {
    process.env.PATH = '/nonexistent';
    expect(() => check()).toThrow(MissingPrerequisiteError);
    expect(() => check()).toThrow(message);
  });

  it('given the machine has them, then the checks pass', () => {
    expect(() => requireJava()).not.toThrow();
    expect(() => requireRedis()).not.toThrow();
    expect(() => requireOpenssl()).not.toThrow();
  });
});
