// Runs this repository's composite GitHub Action (action.yml) here, step by step,
// the way the runner does: each `run:` with `bash --noprofile --norc -eo pipefail`,
// GITHUB_ACTION_PATH / GITHUB_WORKSPACE / RUNNER_TEMP set, a fresh GITHUB_OUTPUT
// file per step (read back as steps.<id>.outputs), one GITHUB_STEP_SUMMARY file,
// and `${{ … }}` expressions replaced. Only the expressions action.yml uses are
// known; any other stops with an error rather than guessing.
//
//   tsx dev/action/run.ts [--input name=value …] [WORKSPACE]
//
// test/action.test.ts runs it in sandbox repositories.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

interface ActionStep {
  name?: string;
  id?: string;
  shell?: string;
  run?: string;
  uses?: string;
  if?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}

export interface ActionDefinition {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export interface StepRun {
  name: string;
  id?: string;
  status: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

export interface ActionRun {
  steps: StepRun[];
  /** The action's outputs, as its `outputs.<name>.value` expressions give them. */
  outputs: Record<string, string>;
  /** Everything the steps wrote to GITHUB_STEP_SUMMARY. */
  summary: string;
  /** 0 when every step passed, else the failing step's exit code (later steps do not run). */
  status: number;
}

export interface RunActionOptions {
  /** The action's directory (holds action.yml): GITHUB_ACTION_PATH. */
  actionDir: string;
  /** The user's repository: GITHUB_WORKSPACE. */
  workspace: string;
  inputs?: Record<string, string>;
  /** The runner's environment (PATH with node and go, HOME, …). */
  env: NodeJS.ProcessEnv;
}

export function readAction(actionDir: string): ActionDefinition {
  return parse(readFileSync(path.join(actionDir, 'action.yml'), 'utf8')) as ActionDefinition;
}

/** key=value lines and key<<DELIMITER heredocs, as the runner reads GITHUB_OUTPUT. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const heredoc = line.match(/^([^=<]+)<<(.+)$/);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      if (end < 0) throw new Error(`GITHUB_OUTPUT: no closing ${heredoc[2]} for ${heredoc[1]}`);
      out[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    } else if (line.trim() !== '') {
      throw new Error(`GITHUB_OUTPUT: cannot read "${line}"`);
    }
  }
  return out;
}

export function runAction(opts: RunActionOptions): ActionRun {
  const action = readAction(opts.actionDir);
  if (action.runs.using !== 'composite') throw new Error(`only composite actions run here, not ${action.runs.using}`);
  const given = opts.inputs ?? {};
  for (const name of Object.keys(given)) if (!(name in action.inputs)) throw new Error(`action.yml has no input "${name}"`);
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, given[k] ?? v.default ?? '']));
  const temp = mkdtempSync(path.join(tmpdir(), 'gohooks-action-'));
  const summaryFile = path.join(temp, 'step-summary.md');
  writeFileSync(summaryFile, '');
  const stepOutputs: Record<string, Record<string, string>> = {};

  const expression = (expr: string): string => {
    const e = expr.trim();
    if (e === 'github.action_path') return opts.actionDir;
    if (e === 'github.workspace') return opts.workspace;
    if (e === 'runner.temp') return temp;
    let m = e.match(/^inputs\.([\w-]+)$/);
    if (m) {
      if (!(m[1] in inputs)) throw new Error(`unknown input in \${{ ${e} }}`);
      return inputs[m[1]];
    }
    m = e.match(/^steps\.([\w-]+)\.outputs\.([\w-]+)$/);
    if (m) return stepOutputs[m[1]]?.[m[2]] ?? '';
    throw new Error(`this local runner does not know the expression \${{ ${e} }}`);
  };
  const expand = (text: string) => text.replace(/\$\{\{(.*?)\}\}/g, (_, e: string) => expression(e));

  const steps: StepRun[] = [];
  let status = 0;
  try {
    for (const [i, step] of action.runs.steps.entries()) {
      const name = step.name ?? `step ${i + 1}`;
      if (step.uses) throw new Error(`${name}: steps with uses: do not run here`);
      if (step.if !== undefined) throw new Error(`${name}: if: is not supported by this local runner`);
      if (step.shell !== 'bash' || step.run === undefined) throw new Error(`${name}: only run: steps with shell: bash run here`);
      const stepDir = path.join(temp, `step${i}`);
      mkdirSync(stepDir);
      const script = path.join(stepDir, 'run.sh');
      writeFileSync(script, expand(step.run));
      const outputFile = path.join(stepDir, 'output');
      writeFileSync(outputFile, '');
      const env: NodeJS.ProcessEnv = {
        ...opts.env,
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_ACTION_PATH: opts.actionDir,
        GITHUB_WORKSPACE: opts.workspace,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        RUNNER_TEMP: temp,
      };
      for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expand(String(v));
      const cwd = path.resolve(opts.workspace, expand(step['working-directory'] ?? '.'));
      const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env, encoding: 'utf8' });
      if (r.error) throw r.error;
      const outputs = parseOutputFile(readFileSync(outputFile, 'utf8'));
      if (step.id) stepOutputs[step.id] = outputs;
      steps.push({ name, id: step.id, status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, outputs });
      if (r.status !== 0) {
        status = r.status ?? -1;
        break;
      }
    }
    const outputs = Object.fromEntries(Object.entries(action.outputs ?? {}).map(([k, v]) => [k, expand(v.value)]));
    return { steps, outputs, summary: readFileSync(summaryFile, 'utf8'), status };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

// As a script: run the action of this checkout on WORKSPACE (default: the current directory).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const inputs: Record<string, string> = {};
  const rest: string[] = [];
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--input') {
      const [k, ...v] = (argv[++i] ?? '').split('=');
      inputs[k] = v.join('=');
    } else rest.push(argv[i]);
  }
  const actionDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const run = runAction({ actionDir, workspace: path.resolve(rest[0] ?? '.'), inputs, env: process.env });
  for (const s of run.steps) process.stdout.write(`── ${s.name} (exit ${s.status})\n${s.stdout}${s.stderr}`);
  process.stdout.write(`── outputs ${JSON.stringify(run.outputs)}\n── step summary\n${run.summary}`);
  process.exitCode = run.status;
}
