// What ssh will do for a host, the way go runs it (BatchMode=yes): its
// effective settings (`ssh -G`), whether an agent holds a key, whether an
// identity file is usable without a passphrase, and whether the host key is
// known. Key contents are read only to tell encrypted from not; never shown.

import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import type { Processes } from './exec.js';

export interface SshSettings {
  hostname: string;
  port: string;
  user?: string;
  identityFiles: string[];
  identityAgent?: string;
  knownHostsFiles: string[];
  strictHostKeyChecking: string;
}

export function parseSshG(out: string, home: string): SshSettings {
  const s: SshSettings = { hostname: '', port: '22', identityFiles: [], knownHostsFiles: [], strictHostKeyChecking: 'ask' };
  const expand = (p: string) => (p.startsWith('~/') ? `${home}${p.slice(1)}` : p);
  for (const line of out.split('\n')) {
    const sp = line.indexOf(' ');
    if (sp < 0) continue;
    const key = line.slice(0, sp).toLowerCase();
    const value = line.slice(sp + 1).trim();
    switch (key) {
      case 'hostname':
        s.hostname = value;
        break;
      case 'port':
        s.port = value;
        break;
      case 'user':
        s.user = value;
        break;
      case 'identityfile':
        s.identityFiles.push(expand(value));
        break;
      case 'identityagent':
        s.identityAgent = value;
        break;
      case 'userknownhostsfile':
      case 'globalknownhostsfile':
        s.knownHostsFiles.push(...value.split(/\s+/).filter(Boolean).map(expand));
        break;
      case 'stricthostkeychecking':
        s.strictHostKeyChecking = value.toLowerCase();
        break;
    }
  }
  return s;
}

/** true: no passphrase; false: encrypted; undefined: not a private key this reader knows. */
export function keyIsUnencrypted(text: string): boolean | undefined {
  if (/-----BEGIN OPENSSH PRIVATE KEY-----/.test(text)) {
    const body = text.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
    const buf = Buffer.from(body, 'base64');
    const magic = 'openssh-key-v1\0';
    if (buf.subarray(0, magic.length).toString('latin1') !== magic) return undefined;
    const len = buf.readUInt32BE(magic.length);
    return buf.subarray(magic.length + 4, magic.length + 4 + len).toString('latin1') === 'none';
  }
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(text) || /Proc-Type: 4,ENCRYPTED/.test(text)) return false;
  if (/-----BEGIN (RSA |EC |DSA )?PRIVATE KEY-----/.test(text)) return true;
  return undefined;
}

export class SshTool {
  constructor(
    private readonly runner: Processes,
    private readonly env: NodeJS.ProcessEnv,
    private readonly timeoutMs: number,
  ) {}

  private get home(): string {
    return this.env.HOME || os.homedir();
  }

  /**
   * `ssh -G host`, through GIT_SSH_COMMAND when the user set one (go keeps it, so its -F / -o options count).
   * configFile and knownHosts override ~/.ssh (tests: a temp HOME does not isolate ssh).
   */
  async settings(host: string, port: string | undefined, configFile?: string, knownHosts?: string[]): Promise<SshSettings | string> {
    const extra = [
      ...(configFile ? ['-F', configFile] : []),
      ...(knownHosts?.length ? ['-o', `UserKnownHostsFile=${knownHosts.join(' ')}`] : []),
      ...(port ? ['-p', port] : []),
    ];
    const gitSsh = this.env.GIT_SSH_COMMAND;
    const r = gitSsh
      ? await this.runner.run('sh', ['-c', `${gitSsh} "$@"`, 'sh', '-G', ...extra, host], {
          cwd: this.home,
          env: this.env,
          timeoutMs: this.timeoutMs,
        })
      : await this.runner.run('ssh', ['-G', ...extra, host], { cwd: this.home, env: this.env, timeoutMs: this.timeoutMs });
    if (r.notFound) return 'ssh was not found on PATH';
    if (r.exitCode !== 0) return `ssh -G ${host} failed: ${r.stderr.trim().split('\n')[0]}`;
    return parseSshG(r.stdout, this.home);
  }

  /** The agent socket ssh would use, or undefined ("none", or no SSH_AUTH_SOCK). */
  agentSocket(s: SshSettings): string | undefined {
    const a = s.identityAgent;
    if (a === 'none') return undefined;
    if (!a || a === 'SSH_AUTH_SOCK') return this.env.SSH_AUTH_SOCK || undefined;
    if (a.startsWith('$')) return this.env[a.slice(1)] || undefined;
    return a.startsWith('~/') ? `${this.home}${a.slice(1)}` : a;
  }

  /** 'keys': the agent answers and holds at least one key. */
  async agentState(sock: string): Promise<'keys' | 'empty' | 'unreachable'> {
    const r = await this.runner.run('ssh-add', ['-l'], {
      cwd: this.home,
      env: { ...this.env, SSH_AUTH_SOCK: sock },
      timeoutMs: this.timeoutMs,
    });
    if (r.exitCode === 0) return 'keys';
    return r.exitCode === 1 ? 'empty' : 'unreachable';
  }

  /** Identity files that exist and need no passphrase. */
  usableIdentityFiles(s: SshSettings): string[] {
    return s.identityFiles.filter((f) => {
      try {
        return existsSync(f) && keyIsUnencrypted(readFileSync(f, 'utf8')) === true;
      } catch {
        return false;
      }
    });
  }

  /** Whether a known_hosts file lists the host ("[host]:port" for a port other than 22). */
  async hostKnown(s: SshSettings, host: string): Promise<boolean> {
    const name = s.port && s.port !== '22' ? `[${host}]:${s.port}` : host;
    for (const f of s.knownHostsFiles.filter((x) => existsSync(x))) {
      const r = await this.runner.run('ssh-keygen', ['-F', name, '-f', f], { cwd: this.home, env: this.env, timeoutMs: this.timeoutMs });
      if (r.exitCode === 0 && r.stdout.trim() !== '') return true;
    }
    return false;
  }
}
