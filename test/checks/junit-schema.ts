// Validates JUnit XML against the Jenkins and the Apache Ant schemas with libxml2 (xmllint-wasm).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const SCHEMAS = ['jenkins-junit.xsd', 'JUnit.xsd'] as const;

/** The schema errors of each schema; empty when the document is valid against it. */
export async function schemaErrors(xml: string): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const schema of SCHEMAS) {
    const result = await validateXML({ xml: [{ fileName: 'junit.xml', contents: xml }], schema: [{ fileName: schema, contents: readFileSync(path.join(dir, schema), 'utf8') }] });
    found[schema] = result.errors.map((error) => error.rawMessage);
  }
  return found;
}
