import { buildAsyncApiDocument } from '../asyncapi/document';
import { documentedTopics } from '../catalogue/topics';
import { generateTypeScript } from './typescript';

/**
 * Every file generated from the catalogue, by path relative to the schemas package. Content is
 * canonical (stable key order, 2-space JSON) so the "checked in = freshly generated" tests are exact.
 */
export const generatedFiles = (): ReadonlyMap<string, string> => {
  const files = new Map<string, string>();
  files.set('src/generated/events.ts', generateTypeScript(documentedTopics));
  files.set('asyncapi.json', `${JSON.stringify(buildAsyncApiDocument(documentedTopics), null, 2)}\n`);
  for (const topic of documentedTopics)
    files.set(`avro/current/${topic.valueSubject}.avsc`, `${JSON.stringify(topic.valueSchema, null, 2)}\n`);
  return files;
};
