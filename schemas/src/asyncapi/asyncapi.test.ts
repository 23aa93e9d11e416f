import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AvroSchemaParser } from '@asyncapi/avro-schema-parser';
import { Parser, type ValidateSchemaInput } from '@asyncapi/parser';
import { documentedTopics } from '../catalogue/topics';

const ERROR = 0; // DiagnosticSeverity.Error

describe('asyncapi.json', () => {
  const text = readFileSync(resolve(__dirname, '..', '..', 'asyncapi.json'), 'utf8');
  const avro = AvroSchemaParser();
  // The Avro parser's validate() reads only `data` and `path`.
  const validateAvro = (data: unknown) => avro.validate({ data, path: [] } as unknown as ValidateSchemaInput);

  it('is a valid AsyncAPI 3 document (@asyncapi/parser with the Avro schema parser)', async () => {
    const parser = new Parser();
    parser.registerSchemaParser(avro);

    const { document, diagnostics } = await parser.parse(text);

    expect(
      diagnostics.filter((d) => Number(d.severity) === ERROR).map((d) => `${d.path.join('.')}: ${d.message}`),
    ).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    expect(
      document
        ?.channels()
        .all()
        .map((c) => c.address()),
    ).toEqual(documentedTopics.map((t) => t.name));
    // Every payload went through the Avro schema parser (it becomes a JSON Schema of the envelope).
    for (const message of document?.messages().all() ?? []) {
      expect(message.payload()?.required()).toEqual(
        expect.arrayContaining(['eventId', 'type', 'occurredAt', 'payload']),
      );
    }
  }, 60_000);

  it('carries Avro payload schemas the parser package accepts', async () => {
    const doc = JSON.parse(text) as {
      components: { messages: Record<string, { payload: { schema: unknown } }> };
    };
    for (const message of Object.values(doc.components.messages)) {
      expect(await validateAvro(message.payload.schema)).toEqual([]);
    }
    // and the validator does reject a broken schema
    expect(
      await validateAvro({ type: 'record', name: 'X', fields: [{ name: 'a', type: 'strin' }] }),
    ).not.toEqual([]);
  });
});
