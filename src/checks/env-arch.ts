// env-arch: the go binary's architecture matches the machine's (an amd64 Go
// under Rosetta on Apple Silicon runs, slowly, and builds for the wrong target).

import { defineCheck } from '../check.js';
import type { Context } from '../context.js';
import { goInstall, machineArch } from '../doctor/facts.js';

async function read(ctx: Context, cmd: string, args: string[]): Promise<string | undefined> {
  const r = await ctx.processes.run(cmd, args, { cwd: ctx.root, env: ctx.env, timeoutMs: 5000 });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

export default defineCheck({
  id: 'env-arch',
  title: 'architecture',
  hooks: ['doctor'],
  goEnv: 'required',
  docs:
    'Compares GOHOSTARCH with the machine: on macOS `sysctl -n hw.optional.arm64` (uname -m and sysctl.proc_translated ' +
    'describe the calling process, not the go binary), on Linux `uname -m`, on Windows PROCESSOR_ARCHITEW6432 / ' +
    'PROCESSOR_ARCHITECTURE. An amd64 Go on Apple Silicon (Rosetta) is a warning with the fix.',
  run: async (ctx, { goEnv: env }) => {
    const platform = ctx.shellTarget.platform;
    const facts = {
      env: ctx.env,
      sysctlArm64: platform === 'darwin' ? await read(ctx, 'sysctl', ['-n', 'hw.optional.arm64']) : undefined,
      uname: platform !== 'win32' ? await read(ctx, 'uname', ['-m']) : undefined,
    };
    const machine = machineArch(platform, facts);
    const goarch = env.vars.GOHOSTARCH;
    if (!machine)
      return [{ severity: 'info', message: `go is ${env.vars.GOHOSTOS}/${goarch}; the machine's architecture could not be read` }];
    if (machine !== goarch) {
      const rosetta = platform === 'darwin' && machine === 'arm64' && goarch === 'amd64';
      return [
        {
          severity: 'warning',
          message: `go is built for ${goarch}, but this machine is ${machine}${rosetta ? ' (it runs under Rosetta)' : ''}`,
          why: `Builds default to GOARCH=${goarch}: slower tools, and binaries for the wrong architecture${rosetta ? '; cgo links against the wrong libraries' : ''}.`,
          fix: { summary: `install the ${env.vars.GOHOSTOS}/${machine} Go (${goInstall(platform).summary})` },
        },
      ];
    }
    return [{ severity: 'info', message: `go ${env.vars.GOHOSTOS}/${goarch}, machine ${machine}` }];
  },
});
