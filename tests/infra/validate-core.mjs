// Validates Kubernetes built-in objects (Deployment, Service, …) against the schemas of the Kubernetes
// OpenAPI definitions compiled into the `kubernetes-models` package (ESM only, so this runs as its own
// node process: jest here loads CommonJS). Reads a JSON array of manifests on stdin; writes a JSON array of
// { index, errors } for those that fail. An apiVersion/kind it has no model for is an error too.
// Unknown fields are not reported by these schemas (they are checked by the API server's strict field
// validation); types, enums, required fields and formats are.
import { readFileSync } from 'node:fs';

const manifests = JSON.parse(readFileSync(0, 'utf8'));
const failures = [];
for (const [index, m] of manifests.entries()) {
  const [group, version] = String(m.apiVersion).includes('/')
    ? m.apiVersion.split('/')
    : [null, m.apiVersion];
  const path =
    group === null
      ? `kubernetes-models/${version}/${m.kind}`
      : `kubernetes-models/${group}/${version}/${m.kind}`;
  let Model;
  try {
    Model = (await import(path))[m.kind];
  } catch {
    failures.push({ index, errors: [`no Kubernetes schema for ${m.apiVersion} ${m.kind}`] });
    continue;
  }
  try {
    new Model(m).validate();
  } catch (e) {
    failures.push({ index, errors: [e.message] });
  }
}
process.stdout.write(JSON.stringify(failures));
