import { lintWith } from './lint-with';

// The dependency rule is only worth having if a forbidden edge really fails the lint.
// eslint.config.mjs uses exactly these blocks; here they run without type information, which they do not need.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the shared config is CommonJS so both ESM and jest can load it
const boundaries = require('../../eslint.boundaries.cjs') as unknown[];

const lint = lintWith(boundaries);
const boundaryRules = new Set(['no-restricted-imports', 'homefirst/no-relative-workspace-import']);
const importErrors = (file: string, source: string): Promise<string[]> => lint(file, source, boundaryRules);

describe('the dependency rule (docs/architecture.md)', () => {
  it.each([
    ['schemas/src/probe.ts', "import { createLogger } from '@homefirst/runtime';"],
    ['services/runtime/src/probe.ts', "import { run } from '@homefirst/cli';"],
    ['connectors/fhir/src/probe.ts', "import { mapAdt } from '@homefirst/connector-hl7v2';"],
    ['services/api/src/probe.ts', "import { project } from '@homefirst/projector';"],
    ['services/cli/src/probe.ts', "import { thing } from '../../runtime/src/errors';"],
    ['connectors/council/src/probe.ts', "import { x } from '../../../schemas/src/index';"],
    ['services/testing/src/probe.ts', "import { loadHl7Config } from '@homefirst/connector-hl7v2';"],
  ])('rejects a forbidden edge from %s: %s', async (file, source) => {
    const errors = await importErrors(file, source);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/Forbidden edge|Relative import from another package/);
  });

  it.each([
    'connectors/hl7v2/src/ingest/probe.ts',
    'services/projector/src/main.ts',
    'services/runtime/src/probe.ts',
    'schemas/src/probe.ts',
    'services/api/src/testing.ts',
  ])('rejects @homefirst/testing from the production file %s', async (file) => {
    const errors = await importErrors(file, "import { uniqueName } from '@homefirst/testing';");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /Forbidden edge \(docs\/architecture\.md\): @homefirst\/testing is test support/,
    );
  });

  it.each([
    ['services/runtime/src/probe.ts', "import { personKey } from '@homefirst/schemas';"],
    ['connectors/hl7v2/src/probe.ts', "import { loadConfig } from '@homefirst/runtime';"],
    [
      'services/api/src/probe.ts',
      "import { loadConfig } from '@homefirst/runtime';\nimport { codec } from '@homefirst/schemas';",
    ],
    ['tests/probe.ts', "import { run } from '@homefirst/cli';"],
    ['schemas/src/probe.ts', "import { helper } from './helper';"],
    ['connectors/hl7v2/src/probe.test.ts', "import { waitFor } from '@homefirst/testing';"],
    ['services/projector/src/consumer/probe.int.test.ts', "import { HubStack } from '@homefirst/testing';"],
    ['connectors/fhir/src/testing/probe.ts', "import { uniqueName } from '@homefirst/testing';"],
    ['services/api/src/bench/probe.ts', "import { deleteRedisKeys } from '@homefirst/testing';"],
    ['services/runtime/src/probe.int.test.ts', "import { uniqueName } from '@homefirst/testing';"],
    ['services/testing/src/probe.ts', "import { loadConfig } from '@homefirst/runtime';"],
    ['tests/stack/probe.int.test.ts', "import { waitFor } from '@homefirst/testing';"],
  ])('allows %s: %s', async (file, source) => {
    expect(await importErrors(file, source)).toEqual([]);
  });
});
