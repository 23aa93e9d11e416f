// Stack tests talk to real servers: a consumer group's first join alone can take seconds.
// Every wait inside a test still has its own, shorter deadline (@homefirst/testing's waitFor).
jest.setTimeout(90_000);
