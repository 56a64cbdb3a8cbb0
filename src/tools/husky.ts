// husky's own install (core.hooksPath=.husky/_ and its stubs). husky runs git
// itself, so it is called only from here; its API must run with the git root as
// the cwd and a relative directory, and skips everything when HUSKY=0.

/** Runs husky for `.husky` in root; the problem husky reports, or undefined. */
export async function runHuskyInstall(root: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const { default: husky } = await import('husky');
  const previous = process.cwd();
  const huskyEnv = process.env.HUSKY;
  process.chdir(root);
  try {
    if (env.HUSKY === '0') delete process.env.HUSKY; // HUSKY=0 would make husky skip the install
    return husky('.husky') || undefined;
  } finally {
    process.chdir(previous);
    if (huskyEnv !== undefined) process.env.HUSKY = huskyEnv;
  }
}
