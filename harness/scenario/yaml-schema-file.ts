// Writes schemas/scenario.schema.json from the zod schema (`npm run schema`); a unit test fails when
// the checked-in file is not what this would write.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { scenarioJsonSchema } from './yaml-schema.ts';

export const SCHEMA_FILE = resolve(import.meta.dirname, '../../schemas/scenario.schema.json');

export function schemaFileText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

if (import.meta.main) {
  writeFileSync(SCHEMA_FILE, schemaFileText());
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}
