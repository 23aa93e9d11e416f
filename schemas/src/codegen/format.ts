import * as estree from 'prettier/plugins/estree';
import * as babel from 'prettier/plugins/babel';
import * as typescript from 'prettier/plugins/typescript';
import { format } from 'prettier/standalone';
import type { Options } from 'prettier';

/** Same options as /.prettierrc.json. The standalone build runs in jest too (the main build imports dynamically). */
const options: Options = {
  singleQuote: true,
  printWidth: 110,
  trailingComma: 'all',
  plugins: [estree, babel, typescript],
};

/** Generated TypeScript, JSON and .avsc go through prettier so `prettier --check` and the freshness tests agree. */
export const formatGenerated = async (path: string, content: string): Promise<string> => {
  if (path.endsWith('.ts')) return format(content, { ...options, parser: 'typescript' });
  if (path.endsWith('.json') || path.endsWith('.avsc'))
    return format(content, { ...options, parser: 'json' });
  return content;
};
