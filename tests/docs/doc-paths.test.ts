import { checkablePart, looksLikeRepoPath, namedPaths } from './doc-paths';

const paths = (markdown: string): string[] => namedPaths(markdown).map((named) => named.path);

describe('which paths a document names', () => {
  it.each([
    'services/runtime/src/config.ts',
    'schemas/src/read-models/',
    'eslint.boundaries.cjs',
    'infra/docker-compose.yml',
    'avro/released/<subject>/v1.avsc',
  ])('takes %s for a path', (text) => {
    expect(looksLikeRepoPath(text)).toBe(true);
  });

  it.each([
    '@homefirst/schemas', // a package
    'homefirst.hospital.events.v1', // a topic
    '/openapi.json', // an HTTP path
    'application/fhir+json', // a media type
    'npx homefirst map hl7v2 file.hl7', // a command
    'offsets:<topic>:<partition>', // a Redis key
    'QueueEntry',
    '/',
  ])('does not take %s for a path', (text) => {
    expect(looksLikeRepoPath(text)).toBe(false);
  });

  it('takes backticked paths and link targets from prose, not URLs or anchors', () => {
    const markdown = [
      'See `services/api/src/main.ts` and [the contract](../schemas/README.md#topics).',
      'Not [this](https://example.org/a.md), not [that](#events), not `npm test`.',
    ].join('\n');
    expect(namedPaths(markdown)).toEqual([
      { path: 'services/api/src/main.ts', kind: 'code', line: 1 },
      { path: '../schemas/README.md', kind: 'link', line: 1 },
    ]);
  });

  it('reads a folder tree by its indentation, and skips description lines', () => {
    const markdown = [
      'Intro',
      '```',
      'src/',
      '  person/      evolve.ts, the fold',
      '                 continued description',
      '    journal.ts the journal',
      '  main.ts      commands',
      'README.md      this file',
      '```',
    ].join('\n');
    expect(paths(markdown)).toEqual([
      'src/',
      'src/person/',
      'src/person/journal.ts',
      'src/main.ts',
      'README.md',
    ]);
  });

  it('ignores code blocks with a language and backticks inside any code block', () => {
    const markdown = ['```sh', 'src/', 'cat `src/main.ts`', '```', '```', 'npm test', '```'].join('\n');
    expect(paths(markdown)).toEqual([]);
  });

  it('leaves out what the document declares outside the repository', () => {
    const markdown = [
      '<!-- not in this repository: done/ summary.json -->',
      'Moved to `done/`; figures in `summary.json`; code in `src/main.ts`.',
    ].join('\n');
    expect(paths(markdown)).toEqual(['src/main.ts']);
  });

  it('checks a path with placeholders up to its first placeholder', () => {
    expect(checkablePart('avro/released/<subject>/v1.avsc')).toBe('avro/released/');
    expect(checkablePart('connectors/*/README.md')).toBe('connectors/');
    expect(checkablePart('<name>.error.json')).toBeUndefined();
    expect(checkablePart('src/main.ts')).toBe('src/main.ts');
  });
});
