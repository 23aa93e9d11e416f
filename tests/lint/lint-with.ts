import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

/** The repository root: probe files are linted as if they stood at a path below it. */
export const repoRoot = join(__dirname, '..', '..');

/**
 * Lints a snippet as if it stood at a repo-relative path, with only the given shared config blocks
 * (eslint.boundaries.cjs, eslint.purity.cjs) — the blocks eslint.config.mjs uses, here without type
 * information, which they do not need. Returns the messages of the named rules.
 */
export function lintWith(
  blocks: readonly unknown[],
): (file: string, source: string, ruleIds: ReadonlySet<string>) => Promise<string[]> {
  const eslint = new ESLint({
    cwd: repoRoot,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
      ...(blocks as never[]),
    ],
  });
  return async (file, source, ruleIds) => {
    const [result] = await eslint.lintText(source, { filePath: join(repoRoot, file) });
    return (result?.messages ?? [])
      .filter((m) => m.ruleId !== null && ruleIds.has(m.ruleId))
      .map((m) => m.message);
  };
}
