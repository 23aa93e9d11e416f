import {
  IncompatibleSchemaError,
  RegistryRequestError,
  RegistryUnavailableError,
  UnknownSchemaIdError,
} from '../errors';
import { parseAvro } from '../avro/logical-types';
import type { CompatibilityLevel, RegistryClient } from '../codec/registry-client';

/**
 * A RegistryClient held in memory, for pure tests: counts calls, can be "down", and checks
 * BACKWARD_TRANSITIVE like a real registry would (with avsc's resolver).
 */
export class InMemoryRegistry implements RegistryClient {
  readonly url = 'memory://registry';
  down = false;
  readonly calls = { register: 0, lookup: 0, schemaById: 0, setCompatibility: 0 };
  private readonly schemas: string[] = [];
  private readonly subjects = new Map<string, number[]>();
  private readonly levels = new Map<string, CompatibilityLevel>();

  register(subject: string, schema: string): Promise<number> {
    this.calls.register += 1;
    return this.guard('register', () => {
      const versions = this.subjects.get(subject) ?? [];
      const existing = versions.find((id) => this.schemas[id - 1] === schema);
      if (existing !== undefined) return existing;
      if (this.levels.get(subject) === 'BACKWARD_TRANSITIVE') {
        const reader = parseAvro(JSON.parse(schema) as object);
        for (const id of versions) {
          try {
            reader.createResolver(parseAvro(JSON.parse(this.schemas[id - 1] ?? 'null') as object));
          } catch (error) {
            throw new IncompatibleSchemaError(subject, String(error));
          }
        }
      }
      const id = this.schemas.push(schema);
      this.subjects.set(subject, [...versions, id]);
      return id;
    });
  }

  lookup(subject: string, schema: string): Promise<number> {
    this.calls.lookup += 1;
    return this.guard('lookup', () => {
      const id = (this.subjects.get(subject) ?? []).find(
        (candidate) => this.schemas[candidate - 1] === schema,
      );
      // As the registry's REST API answers (404, subject or schema not found).
      if (id === undefined)
        throw new RegistryRequestError(404, `look up a schema under ${subject}`, 'Schema not found');
      return id;
    });
  }

  schemaById(id: number): Promise<string> {
    this.calls.schemaById += 1;
    return this.guard('fetch', () => {
      const schema = this.schemas[id - 1];
      if (schema === undefined) throw new UnknownSchemaIdError(id, this.url);
      return schema;
    });
  }

  setCompatibility(subject: string, level: CompatibilityLevel): Promise<void> {
    this.calls.setCompatibility += 1;
    return this.guard('configure', () => void this.levels.set(subject, level));
  }

  compatibility(subject: string): Promise<CompatibilityLevel | null> {
    return this.guard('configure', () => this.levels.get(subject) ?? null);
  }

  private guard<T>(operation: string, run: () => T): Promise<T> {
    if (this.down)
      return Promise.reject(new RegistryUnavailableError(operation, new Error('connect ECONNREFUSED')));
    try {
      return Promise.resolve(run());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
