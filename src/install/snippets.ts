// What `gohooks install` prints for repositories whose hooks another manager
// owns (lefthook, the pre-commit framework), and what the README shows: one
// source, so the two cannot drift apart (a test compares them).

/** The POSIX sh a lefthook command runs: the hook runner's lookup, and its warning when gohooks is missing. */
function lefthookRun(hook: string): string[] {
  const run = `run ${hook}${hook === 'pre-push' ? ' {1}' : ''}`;
  return [
    'init="${XDG_CONFIG_HOME:-$HOME/.config}/gohooks/init.sh"; [ -f "$init" ] && . "$init"',
    `[ -x node_modules/.bin/gohooks ] && exec node_modules/.bin/gohooks ${run}`,
    `command -v gohooks >/dev/null 2>&1 && exec gohooks ${run}`,
    `npx --offline --no-install gohooks --version </dev/null >/dev/null 2>&1 && exec npx --offline --no-install gohooks ${run}`,
    'echo "gohooks: not found (npm i -D gohooks, or npm i -g gohooks; PATH fixes go in $init); Go checks skipped" >&2',
    `! grep -Eqs '"missingTool"[[:space:]]*:[[:space:]]*"fail"' gohooks.json .gohooks.json package.json`,
  ];
}

/**
 * lefthook.yml: one command per hook. A missing gohooks warns and lets the
 * commit through, as the hook runner does, unless "missingTool": "fail".
 */
export function lefthookSnippet(hooks: readonly string[]): string {
  return hooks
    .map((h) =>
      [
        `${h}:`,
        '  commands:',
        '    gohooks:',
        ...(h === 'pre-push' ? ['      use_stdin: true'] : ['      glob: "*.{go,mod,sum,work}"']),
        '      run: |',
        ...lefthookRun(h).map((l) => `        ${l}`),
      ].join('\n'),
    )
    .join('\n');
}

/**
 * The pre-commit framework's stage names for git's hooks. pre-commit 3.0.x
 * (Debian 12) accepts only the legacy names; 4.x accepts them with a deprecation warning.
 */
export const PRE_COMMIT_STAGES: Record<string, string> = { 'pre-commit': 'commit', 'pre-merge-commit': 'merge-commit', 'pre-push': 'push' };

/** `.pre-commit-config.yaml`, a `repo: local` entry: runs the gohooks installed on the machine. */
export function preCommitSnippet(hooks: readonly string[]): string {
  const commitStages = hooks.filter((h) => h !== 'pre-push').map((h) => PRE_COMMIT_STAGES[h]);
  return [
    '  - repo: local',
    '    hooks:',
    ...(commitStages.length > 0
      ? [
          '      - id: gohooks',
          '        name: gohooks (Go module checks)',
          '        entry: npx --offline --no-install gohooks run pre-commit',
          '        language: system',
          '        pass_filenames: false',
          "        files: '(^|/)(go\\.(mod|sum|work)|go\\.work\\.sum)$|\\.go$'",
          `        stages: [${commitStages.join(', ')}]`,
        ]
      : []),
    ...(hooks.includes('pre-push')
      ? [
          '      - id: gohooks-pre-push',
          '        name: gohooks (Go module checks, pre-push)',
          '        entry: npx --offline --no-install gohooks run pre-push',
          '        language: system',
          '        pass_filenames: false',
          '        always_run: true',
          '        stages: [push]',
        ]
      : []),
  ].join('\n');
}

/** The command that installs the pre-commit framework's hooks for these git hooks. */
export function preCommitInstallCommand(hooks: readonly string[]): string {
  return `pre-commit install ${hooks.map((h) => `--hook-type ${h}`).join(' ')}`;
}
