// Can this machine fetch the private modules, the way the go command will try?
// Offline by default: the URL after insteadOf, then for https a credential
// helper or a .netrc entry git reads, for ssh a usable key and a known host
// key (go runs ssh with BatchMode=yes and git with GIT_TERMINAL_PROMPT=0, so
// any prompt is a failure). --online adds a real `git ls-remote` per host.

import { defineCheck } from '../check.js';
import type { Context } from '../context.js';
import { commandsFor, perShell } from '../fixes.js';
import {
  credentialHelpers,
  gitNetrcPaths,
  goNetrcPaths,
  guessRepoUrl,
  helperLabel,
  parseConfigZ,
  parseNetrc,
  rewriteUrl,
  sshTarget,
  transportOf,
  urlHost,
  type ConfigEntry,
  type NetrcEntry,
} from '../gomod/gitauth.js';
import { parseGoauth, redactUrl, routeModule } from '../gomod/goproxy.js';
import { sumTarget } from '../gomod/graphdiff.js';
import { hostOfPath } from '../gomod/private.js';
import type { Host } from '../tools/host.js';
import type { Draft } from '../types.js';
import { parses } from './shared/modules.js';

const ID = 'git-auth';

/** git configuration as go's git sees it: go runs git in the module cache, so only global and system config apply. */
async function globalGitConfig(ctx: Context): Promise<ConfigEntry[]> {
  const out = await ctx.git.configOutsideRepo('^(url\\..*\\.insteadof|credential\\..*)$');
  // insteadOf bases and credential URLs may carry user:token@: redacted as they are read.
  return parseConfigZ(redactUrl(out));
}

interface NetrcFile {
  file: string;
  entries: NetrcEntry[];
  /** Readable by group or others. */
  exposed: boolean;
}

function readNetrc(host: Host, file: string): NetrcFile | undefined {
  const text = host.readText(file);
  const mode = host.mode(file);
  if (text === undefined || mode === undefined) return undefined;
  return { file, entries: parseNetrc(text), exposed: host.platform !== 'win32' && (mode & 0o077) !== 0 };
}

async function curlVersion(ctx: Context): Promise<string | undefined> {
  const r = await ctx.processes.run('curl', ['-V'], { cwd: ctx.root, env: ctx.env, timeoutMs: 5000 });
  return /libcurl\/(\d+\.\d+)/.exec(r.stdout)?.[1] ?? /^curl (\d+\.\d+)/.exec(r.stdout)?.[1];
}

function sshToHttpsFix(host: string) {
  const insteadOf = commandsFor(['git', 'config', '--global', `url.git@${host}:.insteadOf`, `https://${host}/`]);
  return {
    summary: `use ssh for ${host} (below), or give git a credential: a credential helper (git config --global credential.https://${host}.helper <helper>) or a line "machine ${host} login <user> password <token>" in ~/.netrc (chmod 600)`,
    commands: insteadOf,
  };
}

async function httpsDrafts(
  ctx: Context,
  host: string,
  url: string,
  config: ConfigEntry[],
  netrcs: NetrcFile[],
  where: Pick<Draft, 'file' | 'line'>,
): Promise<Draft[]> {
  const drafts: Draft[] = [];
  const helpers = credentialHelpers(config, url);
  const entry = netrcs
    .flatMap((n) => n.entries.map((e) => ({ ...e, file: n.file, exposed: n.exposed })))
    .find((e) => e.machine.toLowerCase() === host);
  const urlLike = netrcs.flatMap((n) =>
    n.entries.filter((e) => e.machine.includes('/') && e.machine.includes(host)).map((e) => ({ ...e, file: n.file })),
  );
  for (const e of urlLike) {
    drafts.push({
      severity: 'warning',
      message: `${e.file}:${e.line}: machine "${redactUrl(e.machine)}" is a URL; .netrc machines are host names, so it never matches ${host}`,
      why: 'The credential you meant for git is never used.',
      fix: { summary: `write "machine ${host}" on that line` },
    });
  }
  if (helpers.length > 0) {
    drafts.push({
      severity: 'info',
      message: `${host}: https (${redactUrl(url)}), credential helper: ${helpers.map(helperLabel).join(', ')}`,
      ...where,
    });
  } else if (entry && entry.hasPassword) {
    drafts.push({
      severity: 'info',
      message: `${host}: https (${redactUrl(url)}), .netrc entry in ${entry.file}`,
      ...where,
    });
    if (entry.exposed) {
      drafts.push({
        severity: 'warning',
        message: `${entry.file} is readable by other users, and it holds the password for ${host}`,
        why: 'Anyone with an account on this machine can read your token.',
        fix: { summary: 'make it private to you', commands: commandsFor(['chmod', '600', entry.file]) },
      });
    }
  } else {
    const goOnly = ctx.env.NETRC && readNetrc(ctx.host, ctx.env.NETRC)?.entries.some((e) => e.machine.toLowerCase() === host);
    drafts.push({
      severity: 'error',
      message: `${host}: go fetches ${redactUrl(url)} over https, and git has no credentials for it (no credential helper, no .netrc entry git reads)${goOnly ? `; $NETRC (${ctx.env.NETRC}) has one, but this git's libcurl does not read $NETRC (curl < 8.16)` : ''}`,
      why: 'go runs git with GIT_TERMINAL_PROMPT=0, so the fetch fails with "terminal prompts disabled" instead of asking.',
      ...where,
      fix: sshToHttpsFix(host),
    });
  }
  return drafts;
}

interface SshOptions {
  sshConfig?: string;
  knownHostsFiles?: string[];
}

async function sshDrafts(ctx: Context, opts: SshOptions, url: string, where: Pick<Draft, 'file' | 'line'>): Promise<Draft[]> {
  const target = sshTarget(url);
  if (!target) return [];
  const ssh = ctx.ssh;
  const settings = await ssh.settings(target.host, target.port, opts.sshConfig, opts.knownHostsFiles);
  const host = target.host;
  if (typeof settings === 'string')
    return [{ severity: 'warning', message: `${host}: cannot tell whether ssh works: ${settings}`, ...where }];
  const drafts: Draft[] = [];
  const sock = ssh.agentSocket(settings);
  const agent = sock ? await ssh.agentState(sock) : undefined;
  const usable = ssh.usableIdentityFiles(settings);
  const keyOk = agent === 'keys' || usable.length > 0;
  if (!keyOk) {
    const why = !sock
      ? 'no ssh-agent (SSH_AUTH_SOCK is not set)'
      : agent === 'empty'
        ? 'the ssh-agent holds no key'
        : 'the ssh-agent does not answer';
    drafts.push({
      severity: 'error',
      message: `${host}: go fetches ${redactUrl(url)} over ssh, but no key is usable without a passphrase prompt: ${why}, and every identity file is missing or encrypted`,
      why: 'go runs ssh with BatchMode=yes, so a passphrase prompt fails the fetch ("Permission denied (publickey)").',
      ...where,
      fix: {
        summary: 'load your key into an ssh-agent (once per login session)',
        commands: perShell((_q, shell) =>
          shell === 'fish'
            ? 'eval (ssh-agent -c); and ssh-add'
            : shell === 'powershell'
              ? 'Start-Service ssh-agent; ssh-add'
              : shell === 'cmd'
                ? 'ssh-add'
                : 'eval "$(ssh-agent -s)" && ssh-add',
        ),
      },
    });
  }
  const lenient = ['no', 'off', 'accept-new'].includes(settings.strictHostKeyChecking);
  if (!lenient && !(await ssh.hostKnown(settings, settings.hostname || host))) {
    const port = settings.port !== '22' ? ['-p', settings.port] : [];
    drafts.push({
      severity: 'error',
      message: `${host}: the ssh host key of ${settings.hostname || host}${port.length ? `:${settings.port}` : ''} is not in your known_hosts`,
      why: 'With BatchMode=yes ssh cannot ask you to accept it: the fetch fails with "Host key verification failed".',
      ...where,
      fix: {
        summary: 'add the host key, after comparing its fingerprint with the one your git host publishes',
        commands: perShell((q, shell) =>
          shell === 'powershell'
            ? `ssh-keyscan ${port.join(' ')} ${q(host)} | Out-File -Append -Encoding ascii $HOME\\.ssh\\known_hosts`
            : `ssh-keyscan ${[...port, q(host)].join(' ')} >> ${shell === 'cmd' ? '%USERPROFILE%\\.ssh\\known_hosts' : '~/.ssh/known_hosts'}`,
        ),
      },
    });
  }
  if (drafts.length === 0) {
    drafts.push({
      severity: 'info',
      message: `${host}: ssh (${redactUrl(url)}), ${agent === 'keys' ? 'key in ssh-agent' : `key ${usable[0]}`}, host key known`,
      ...where,
    });
  }
  return drafts;
}

/** Hosts whose repository paths the go command knows without asking (cmd/go/internal/vcs vcsPaths): no ?go-get=1 request. */
const KNOWN_VCS_HOSTS = [
  'github.com',
  'bitbucket.org',
  'hub.jazz.net',
  'git.apache.org',
  'git.openstack.org',
  'chiselapp.com',
  'launchpad.net',
];

/** What a GitLab subgroup warning is about: a module go fetches, at the require line that brings it in. */
interface Discovered {
  path: string;
  file: string;
  line: number;
}

/**
 * The declared private modules the checked go.mod files require and go fetches with git: each requirement
 * after replace (go.work's first, as in workspace mode), a directory replacement never fetched. Each path
 * once, at its first require line.
 */
function requiredPrivateModules(ctx: Context, fetchedWithGit: Set<string>): Discovered[] {
  const out = new Map<string, Discovered>();
  for (const m of ctx.modules.filter(parses)) {
    const ws = m.workspace?.work;
    for (const r of m.mod.require) {
      const target = ws?.replace.some((x) => x.old.path === r.path) ? sumTarget(ws, r) : sumTarget(m.mod, r);
      if (!target || !fetchedWithGit.has(target.path) || out.has(target.path)) continue;
      out.set(target.path, { path: target.path, file: m.modFile, line: r.line });
    }
  }
  return [...out.values()];
}

/** A subgroup path: more than host/group/project, a major-version suffix aside (GitLab's guess, group/project, is right for /v2). */
function subgroupPath(modulePath: string): boolean {
  const parts = modulePath.split('/');
  if (parts.length > 1 && /^v\d+$/.test(parts[parts.length - 1])) parts.pop();
  return parts.length > 3;
}

/**
 * go finds the repository of a module on a host it does not know with an https request (?go-get=1),
 * authenticated by GOAUTH. Unauthenticated, GitLab answers host/group/project for every deeper path, which
 * is the wrong repository for a subgroup: every such module counts, not only the first on its host.
 */
function goauthDrafts(ctx: Context, modules: Discovered[], goauth: string, goNetrc: NetrcFile[]): Draft[] {
  const labels = parseGoauth(goauth).entries.map((e) => e.label);
  const byHost = new Map<string, Discovered[]>();
  for (const m of modules) {
    const host = hostOfPath(m.path);
    // Known hosts and .git / .hg qualified paths need no discovery request.
    if (KNOWN_VCS_HOSTS.includes(host) || /\.(git|hg)(\/|$)/.test(m.path)) continue;
    byHost.set(host, [...(byHost.get(host) ?? []), m]);
  }
  const drafts: Draft[] = [];
  for (const [host, mods] of byHost) {
    const hasNetrc = goNetrc.some((n) => n.entries.some((e) => e.machine.toLowerCase() === host && e.hasPassword));
    const authenticated = labels.some((l) => l !== 'off' && l !== 'netrc') || (labels.includes('netrc') && hasNetrc);
    const subgroups = host.includes('gitlab') ? mods.filter((m) => subgroupPath(m.path)) : [];
    if (subgroups.length > 0 && !authenticated) {
      const names =
        subgroups
          .slice(0, 3)
          .map((m) => m.path)
          .join(', ') + (subgroups.length > 3 ? ` and ${subgroups.length - 3} more` : '');
      drafts.push({
        severity: 'warning',
        message: `${names}: go finds ${subgroups.length > 1 ? 'their repositories' : 'its repository'} with an https request (?go-get=1), and GitLab answers subgroup paths correctly only when that request is authenticated; GOAUTH=${goauth} has no credential for ${host}`,
        why: 'Unauthenticated, GitLab points go at the wrong repository (the first two path elements) and the fetch fails.',
        file: subgroups[0].file,
        line: subgroups[0].line,
        fix: {
          summary: `add "machine ${host} login <user> password <token>" to the .netrc go reads (${ctx.env.NETRC ? '$NETRC' : '~/.netrc'}), or add a ".git" qualifier to the module path`,
        },
      });
    } else if (ctx.mode === 'verify') {
      drafts.push({
        severity: 'info',
        message: `${host}: go discovers repositories with an https request (?go-get=1), authenticated by GOAUTH=${labels.join('; ')}${hasNetrc ? ' (.netrc has an entry)' : ''}`,
        file: mods[0].file,
        line: mods[0].line,
      });
    }
  }
  return drafts;
}

function probeResult(
  host: string,
  url: string,
  r: { exitCode: number; stderr: string; timedOut: boolean },
  where: Pick<Draft, 'file' | 'line'>,
): Draft {
  if (r.exitCode === 0) return { severity: 'info', message: `${host}: git ls-remote ${redactUrl(url)} works (authenticated)`, ...where };
  const e = redactUrl(r.stderr);
  const kind =
    r.timedOut ||
    (/Could not resolve host|Connection refused|timed out|Network is unreachable|unable to access/i.test(e) && !/403|401/.test(e))
      ? 'host unreachable'
      : /Host key verification failed/i.test(e)
        ? 'host key unknown'
        : /denied|Authentication failed|could not read Username|terminal prompts disabled|403|401|not found/i.test(e)
          ? 'access denied'
          : 'failed';
  return {
    severity: 'error',
    message: `${host}: git ls-remote ${redactUrl(url)}: ${kind}: ${e.trim().split('\n').slice(-1)[0] ?? ''}`,
    why: 'go mod download fails the same way on this machine.',
    ...where,
    fix: { summary: "run the same command by hand to see git's whole answer", commands: commandsFor(['git', 'ls-remote', redactUrl(url)]) },
  };
}

export default defineCheck({
  id: ID,
  title: 'private modules can be fetched here',
  hooks: ['pre-push', 'verify'],
  goEnv: 'required',
  options: {
    sshConfig: { type: 'string', description: 'ssh config file to use instead of ~/.ssh/config (passed as ssh -F)' },
    knownHostsFiles: { type: 'string[]', description: 'known_hosts files to use instead of the configured ones' },
  },
  docs:
    'For each host of a private module (see goprivate), works out how go will fetch it: the repository URL after ' +
    'url.<base>.insteadOf (longest prefix wins; pushInsteadOf never applies), then for https a credential helper or a ' +
    '.netrc entry that git reads (go runs git with GIT_TERMINAL_PROMPT=0, so a prompt fails), for ssh a key usable ' +
    'without a prompt (an ssh-agent holding one, or an unencrypted identity file) and the host in known_hosts (go runs ' +
    'ssh with BatchMode=yes). Offline; --online adds a git ls-remote per host. Never prints a token, password or ' +
    'credential helper output.',
  appliesTo: (ctx) => ctx.modules.length > 0,
  run: async (ctx, { goEnv, options }) => {
    // Only modules the configuration declares private and sends to git: a guess is goprivate's information,
    // and a module a proxy serves needs no git credentials.
    const fetchedWithGit = (await ctx.privateModules()).filter(
      (m) => m.declaredBy !== 'heuristic' && routeModule(m.path, goEnv.vars).proxy === 'direct',
    );
    if (fetchedWithGit.length === 0) return [];
    const config = await globalGitConfig(ctx);
    const home = ctx.shellTarget.home ?? ctx.root;
    const curl = ctx.env.NETRC ? await curlVersion(ctx) : undefined;
    const platform = ctx.host.platform;
    const gitNetrc = gitNetrcPaths(ctx.env, platform, home, curl)
      .map((f) => readNetrc(ctx.host, f))
      .filter((n): n is NetrcFile => !!n);
    const goNetrc = goNetrcPaths(ctx.env, platform, home)
      .map((f) => readNetrc(ctx.host, f))
      .filter((n): n is NetrcFile => !!n);
    const drafts: Draft[] = [];
    const seen = new Set<string>();
    for (const m of fetchedWithGit) {
      const rewritten = rewriteUrl(guessRepoUrl(m.path), config);
      const transport = transportOf(rewritten.url);
      const host = urlHost(rewritten.url) ?? hostOfPath(m.path);
      const key = `${transport} ${host}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const where = { file: m.file, line: m.line };
      if (transport === 'https' || transport === 'http')
        drafts.push(...(await httpsDrafts(ctx, host.toLowerCase(), rewritten.url, config, gitNetrc, where)));
      else if (transport === 'ssh') drafts.push(...(await sshDrafts(ctx, options, rewritten.url, where)));
      else drafts.push({ severity: 'info', message: `${host}: fetched from ${redactUrl(rewritten.url)} (${transport})`, ...where });
      if (ctx.online) {
        const sshCommand = ctx.env.GIT_SSH_COMMAND ?? 'ssh -o ControlMaster=no -o BatchMode=yes';
        // The original URL: git applies insteadOf itself (the rewritten one shown here is redacted).
        const r = await ctx.processes.run('git', ['ls-remote', guessRepoUrl(m.path)], {
          cwd: home,
          env: { ...ctx.env, GIT_TERMINAL_PROMPT: '0', GCM_INTERACTIVE: 'never', GIT_SSH_COMMAND: sshCommand },
          timeoutMs: 15_000,
        });
        drafts.push(probeResult(host, rewritten.url, r, where));
      }
    }
    const discovered = requiredPrivateModules(ctx, new Set(fetchedWithGit.map((m) => m.path)));
    drafts.push(...goauthDrafts(ctx, discovered, goEnv.vars.GOAUTH || 'netrc', goNetrc));
    return drafts;
  },
});
