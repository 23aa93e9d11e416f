import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';

/**
 * Validates custom resources (Strimzi, KEDA) against the openAPIV3Schema of their CRDs, vendored in
 * infra/k8s/schemas/ (see its README for source and commit). Like the API server with strict field
 * validation, an object schema that lists its properties takes no others (unless the CRD marks it
 * `x-kubernetes-preserve-unknown-fields`), so a misspelt field fails here instead of being pruned.
 * CEL rules (`x-kubernetes-validations`) are not evaluated: that needs the API server.
 */

type Schema = Record<string, unknown>;

interface VendoredCrd {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly schema: Schema;
}

/** Copy of a CRD schema with `additionalProperties: false` wherever the API server would drop unknowns. */
export function strictSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strictSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema))
    out[k] = k === 'enum' || k === 'default' || k === 'example' ? v : strictSchema(v);
  const o = schema as Schema;
  if (
    typeof o['properties'] === 'object' &&
    o['additionalProperties'] === undefined &&
    o['x-kubernetes-preserve-unknown-fields'] !== true
  )
    out['additionalProperties'] = false;
  return out;
}

export const SCHEMA_DIR = join(__dirname, '../../infra/k8s/schemas');

export interface SchemaProblem {
  readonly path: string;
  readonly message: string;
}

export class CrdValidator {
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(dir: string = SCHEMA_DIR) {
    // Formats (int32, int64, date-time…) are not checked: the API server checks them itself, loosely.
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const crd = JSON.parse(readFileSync(join(dir, file), 'utf8')) as VendoredCrd;
      this.validators.set(
        `${crd.group}/${crd.version}/${crd.kind}`,
        ajv.compile(strictSchema(crd.schema) as Schema),
      );
    }
  }

  /** True when this validator has the schema of the manifest's apiVersion and kind. */
  knows(apiVersion: string, kind: string): boolean {
    return this.validators.has(`${apiVersion}/${kind}`);
  }

  validate(manifest: Record<string, unknown>): SchemaProblem[] {
    const key = `${String(manifest['apiVersion'])}/${String(manifest['kind'])}`;
    const validate = this.validators.get(key);
    if (validate === undefined) return [{ path: '', message: `no vendored schema for ${key}` }];
    if (validate(manifest)) return [];
    return (validate.errors ?? []).map((e) => ({
      path: e.instancePath,
      message: `${e.message ?? e.keyword}${e.keyword === 'additionalProperties' ? ` (${JSON.stringify(e.params)})` : ''}`,
    }));
  }
}
