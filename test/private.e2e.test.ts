// goprivate and git-auth end to end: real go env, real git config, real
// .netrc, a real ssh-agent and ssh-keygen — in a sandbox with its own HOME,
// GIT_CONFIG_GLOBAL and an explicit ssh config (a temp HOME does not isolate
// ssh). Planted fake secrets must never appear in any output format.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gitCommitAll, gitInit, makeGoModule } from '../dev/testkit/project.js';
import { libModule } from '../dev/testkit/proxy.js';
import { makeSandbox, type Sandbox } from '../dev/testkit/sandbox.js';
import { assertContract, type JsonReport } from './contract.js';
import { gohooks } from './helpers.js';

const SECRETS = ['s3cr3t-netrc-PLANTED', 'TOKEN-helper-PLANTED', 'TOKEN-url-PLANTED', 'TOKEN-proxy-PLANTED'];

let sb: Sandbox;
let repo: string;
let n = 0;

before(() => {
  sb = makeSandbox();
  sb.addModules([libModule('git.corp.example/team/lib', 'v1.0.0'), libModule('example.com/alpha', 'v1.0.0')]);
  repo = makeGoModule(sb, {
    rel: 'app',
    modulePath: 'example.org/app',
    deps: [
      { path: 'git.corp.example/team/lib', version: 'v1.0.0' },
      { path: 'example.com/alpha', version: 'v1.0.0' },
    ],
  });
  gitInit(sb, 'app');
  gitCommitAll(sb, repo);
});
after(() => sb.cleanup());

/** A fresh global git config for one test. */
function gitconfig(lines = ''): string {
  const file = path.join(sb.dir, `gitconfig-${n++}`);
  writeFileSync(file, `[user]\n\tname = T\n\temail = t@example.com\n${lines}`);
  return file;
}

function run(checks: string[], env: NodeJS.ProcessEnv, extra: string[] = []) {
  const base = { ...sb.env, GIT_CONFIG_GLOBAL: gitconfig(), ...env };
  const human = gohooks(['verify', ...checks.flatMap((c) => ['--check', c]), ...extra], {
    cwd: repo,
    env: { ...base, GOHOOKS_DEBUG: '1' },
  });
  const json = gohooks(['verify', '--format', 'json', ...checks.flatMap((c) => ['--check', c]), ...extra], { cwd: repo, env: base });
  const github = gohooks(['verify', '--format', 'github', ...checks.flatMap((c) => ['--check', c]), ...extra], { cwd: repo, env: base });
  for (const out of [human.stdout, human.stderr, json.stdout, json.stderr, github.stdout, github.stderr]) {
    for (const secret of SECRETS) assert.ok(!out.includes(secret), `a secret was printed:\n${out}`);
  }
  return { human, doc: assertContract(json.stdout) as JsonReport, status: json.status };
}

const byCheck = (doc: JsonReport, check: string) => doc.findings.filter((f) => f.check === check);

describe('goprivate', () => {
  test('a private module not covered by GONOSUMDB: the fix targets GONOSUMDB itself, in the shell profile', () => {
    const r = run(['goprivate'], {
      GOPRIVATE: 'git.corp.example',
      GONOSUMDB: 'other.example',
      GOPROXY: 'https://proxy.golang.org,direct',
      GOSUMDB: 'sum.golang.org',
    });
    assert.equal(r.status, 1);
    const leaks = byCheck(r.doc, 'goprivate').filter((f) => f.severity === 'error');
    assert.equal(leaks.length, 1, JSON.stringify(r.doc.findings, null, 2));
    assert.match(
      leaks[0].message,
      /^git.corp.example\/team\/lib is private \(GOPRIVATE git.corp.example\), but would be looked up in sum.golang.org: GONOSUMDB does not cover it/,
    );
    assert.equal(leaks[0].file, 'go.mod');
    assert.equal(
      leaks[0].fix?.commands?.posix,
      "echo 'export GONOSUMDB=other.example,git.corp.example' >> ~/.bashrc && export GONOSUMDB=other.example,git.corp.example",
    );
    assert.equal(leaks[0].fix?.commands?.fish, 'set -Ux GONOSUMDB other.example,git.corp.example');
    assert.match(
      leaks[0].fix?.summary ?? '',
      /GONOSUMDB is set in your environment, which go env -w cannot override: change it there \(~\/.bashrc\)/,
    );
  });

  test('declared private in gohooks.json only: reaches proxy.golang.org and sum.golang.org; the fix is go env -w GOPRIVATE', () => {
    writeFileSync(path.join(repo, 'gohooks.json'), JSON.stringify({ private: ['git.corp.example'] }));
    try {
      const r = run(['goprivate'], { GOPROXY: 'https://user:TOKEN-proxy-PLANTED@goproxy.cn|https://proxy.golang.org,direct', GOSUMDB: '' });
      const leak = byCheck(r.doc, 'goprivate').find((f) => f.severity === 'error');
      assert.ok(leak, JSON.stringify(r.doc.findings));
      assert.match(
        leak.message,
        /would be requested from goproxy.cn, proxy.golang.org and looked up in sum.golang.org: GONOPROXY and GONOSUMDB do not cover it/,
      );
      assert.equal(leak.fix?.commands?.posix, 'go env -w GOPRIVATE=git.corp.example');
    } finally {
      writeFileSync(path.join(repo, 'gohooks.json'), '{}');
    }
  });

  test('a company proxy and sumdb are routing, not a leak', () => {
    const r = run(['goprivate'], {
      GOPRIVATE: '',
      GONOSUMDB: '',
      GOPROXY: 'https://athens.corp.example,direct',
      GOSUMDB: 'off',
      GONOPROXY: 'git.corp.example',
    });
    assert.deepEqual(
      byCheck(r.doc, 'goprivate').filter((f) => f.severity === 'error'),
      [],
    );
    assert.ok(
      byCheck(r.doc, 'goprivate').some(
        (f) => f.severity === 'info' && /git.corp.example: fetched directly with git, no checksum database/.test(f.message),
      ),
    );
    assert.ok(byCheck(r.doc, 'goprivate').some((f) => f.severity === 'warning' && /GOSUMDB=off/.test(f.message)));
  });

  test('entries that never match: https:// in GOPRIVATE, " b" after a comma; GONOSUMCHECK; GOFLAGS=-insecure', () => {
    const r = run(['goprivate'], {
      GOPRIVATE: 'https://git.corp.example, github.com/acme',
      GONOSUMCHECK: 'git.corp.example',
      GOFLAGS: '-insecure',
    });
    const errors = byCheck(r.doc, 'goprivate')
      .filter((f) => f.severity === 'error')
      .map((f) => f.message.split('\n')[0]);
    assert.ok(
      errors.includes(
        'GOPRIVATE entry "https://git.corp.example" has a URL scheme; patterns are module path prefixes such as github.com/acme',
      ),
      errors.join('\n'),
    );
    assert.ok(
      errors.includes(
        'GOPRIVATE entry " github.com/acme" has white space around it (the go command does not trim it, so it never matches)',
      ),
    );
    assert.ok(errors.some((e) => /GOFLAGS contains -insecure/.test(e)));
    const fixed = byCheck(r.doc, 'goprivate').find((f) => f.message.startsWith('GOPRIVATE entry " github.com'));
    assert.equal(
      fixed?.fix?.commands?.posix,
      "echo 'export GOPRIVATE=git.corp.example,github.com/acme' >> ~/.bashrc && export GOPRIVATE=git.corp.example,github.com/acme",
    );
    const nosumcheck = byCheck(r.doc, 'goprivate').filter((f) => /GONOSUMCHECK is set, but the go command never reads it/.test(f.message));
    assert.deepEqual(
      nosumcheck.map((f) => f.severity),
      ['warning'],
      'reported once',
    );
  });

  test('a guess (same non-public host as origin) is information in verify, never a warning or an error; git-auth ignores it', () => {
    sb.run('git', ['remote', 'add', 'origin', 'https://git.corp.example/team/app.git'], { cwd: repo });
    try {
      const r = run(['goprivate', 'git-auth'], { GOPRIVATE: '' });
      const found = byCheck(r.doc, 'goprivate').filter((f) => /git.corp.example\/team\/lib/.test(f.message));
      assert.deepEqual(
        found.map((f) => f.severity),
        ['info'],
      );
      assert.match(found[0].message, /may be private \(it is on git.corp.example, the same non-public host as this repository\)/);
      assert.deepEqual(byCheck(r.doc, 'git-auth'), []);
      assert.equal(r.status, 0);
    } finally {
      sb.run('git', ['remote', 'remove', 'origin'], { cwd: repo });
    }
  });
});

describe('git-auth', () => {
  const privateEnv = { GOPRIVATE: 'git.corp.example' };

  test('https with no credential helper and no .netrc: error with both ways out', () => {
    const r = run(['git-auth'], privateEnv);
    const e = byCheck(r.doc, 'git-auth').filter((f) => f.severity === 'error');
    assert.equal(e.length, 1, JSON.stringify(r.doc.findings));
    assert.match(
      e[0].message,
      /git.corp.example: go fetches https:\/\/git.corp.example\/team\/lib over https, and git has no credentials for it/,
    );
    assert.match(e[0].message, /terminal prompts disabled/);
    assert.equal(e[0].fix?.commands?.posix, 'git config --global url.git@git.corp.example:.insteadOf https://git.corp.example/');
    assert.match(e[0].fix?.summary ?? '', /machine git.corp.example login <user> password <token>/);
  });

  test('https with a .netrc entry passes; its password is never printed; a group-readable .netrc is a warning', () => {
    const netrc = path.join(sb.home, '.netrc');
    writeFileSync(netrc, `machine git.corp.example login alice password ${SECRETS[0]}\n`);
    chmodSync(netrc, 0o644);
    try {
      const r = run(['git-auth'], privateEnv);
      assert.equal(r.status, 0, JSON.stringify(r.doc.findings));
      const f = byCheck(r.doc, 'git-auth');
      // The login is never shown either: a token is often used as the login.
      assert.ok(f.some((x) => x.severity === 'info' && /\.netrc entry in .*\.netrc$/.test(x.message)));
      assert.ok(!f.some((x) => /alice/.test(x.message)));
      assert.ok(
        f.some(
          (x) => x.severity === 'warning' && /readable by other users/.test(x.message) && x.fix?.commands?.posix === `chmod 600 ${netrc}`,
        ),
      );
      chmodSync(netrc, 0o600);
      assert.ok(!byCheck(run(['git-auth'], privateEnv).doc, 'git-auth').some((x) => x.severity === 'warning'));
    } finally {
      writeFileSync(netrc, '');
    }
  });

  test('a credential helper that prints a token, and an insteadOf URL holding one: shown redacted, never the token', () => {
    const cfg = gitconfig(
      `[credential "https://git.corp.example"]\n\thelper = "!f() { echo username=bot; echo password=${SECRETS[1]}; }; f"\n` +
        `[url "https://oauth2:${SECRETS[2]}@git.corp.example/"]\n\tinsteadOf = https://git.corp.example/\n`,
    );
    const r = run(['git-auth'], { ...privateEnv, GIT_CONFIG_GLOBAL: cfg });
    assert.equal(r.status, 0, JSON.stringify(r.doc.findings));
    const info = byCheck(r.doc, 'git-auth').find((x) => /credential helper/.test(x.message));
    assert.match(
      info?.message ?? '',
      /https \(https:\/\/\*\*\*@git.corp.example\/team\/lib\), credential helper: a shell credential helper/,
    );
  });

  test('ssh through insteadOf: no usable key is an error; a real ssh-agent holding a key and a known host pass', () => {
    const sshDir = path.join(sb.dir, 'ssh');
    mkdirSync(sshDir, { recursive: true });
    const keygen = (file: string, pass: string) => sb.run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', pass, '-C', 'test', '-f', file]);
    const encrypted = path.join(sshDir, 'id_encrypted');
    const agentKey = path.join(sshDir, 'id_agent');
    keygen(encrypted, 'a passphrase');
    keygen(agentKey, '');
    const knownHosts = path.join(sshDir, 'known_hosts');
    writeFileSync(knownHosts, '');
    const sshConfig = path.join(sshDir, 'config');
    writeFileSync(
      sshConfig,
      `Host git.corp.example\n  IdentityFile ${encrypted}\n  IdentitiesOnly yes\n  UserKnownHostsFile ${knownHosts}\n`,
    );
    writeFileSync(
      path.join(repo, 'gohooks.json'),
      JSON.stringify({ checks: { 'git-auth': { options: { sshConfig, knownHostsFiles: [knownHosts] } } } }),
    );
    const cfg = gitconfig('[url "git@git.corp.example:"]\n\tinsteadOf = https://git.corp.example/\n');
    const env = { ...privateEnv, GIT_CONFIG_GLOBAL: cfg, SSH_AUTH_SOCK: '' };
    try {
      const noAgent = run(['git-auth'], env);
      const errors = byCheck(noAgent.doc, 'git-auth')
        .filter((x) => x.severity === 'error')
        .map((x) => x.message);
      assert.equal(errors.length, 2, errors.join('\n'));
      assert.match(
        errors[0],
        /git.corp.example: go fetches git@git.corp.example:team\/lib over ssh, but no key is usable without a passphrase prompt: no ssh-agent/,
      );
      assert.match(errors[1], /the ssh host key of git.corp.example is not in your known_hosts/);

      // A real agent holding a key, and the host key recorded.
      const sock = path.join(sshDir, 'agent.sock');
      const agent = spawnSync('ssh-agent', ['-a', sock, '-s'], { encoding: 'utf8' });
      const pid = /SSH_AGENT_PID=(\d+)/.exec(agent.stdout)?.[1];
      assert.ok(pid, agent.stderr);
      try {
        sb.run('ssh-add', ['-q', agentKey], { env: { ...sb.env, SSH_AUTH_SOCK: sock } });
        writeFileSync(knownHosts, `git.corp.example ${readFileSync(`${agentKey}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`);
        const ok = run(['git-auth'], { ...env, SSH_AUTH_SOCK: sock });
        assert.equal(ok.status, 0, JSON.stringify(ok.doc.findings));
        assert.ok(
          byCheck(ok.doc, 'git-auth').some(
            (x) => x.severity === 'info' && /ssh \(git@git.corp.example:team\/lib\), key in ssh-agent, host key known/.test(x.message),
          ),
        );
      } finally {
        process.kill(Number(pid));
      }
    } finally {
      writeFileSync(path.join(repo, 'gohooks.json'), '{}');
    }
  });

  test('--online: git ls-remote through the real insteadOf, authenticated or unreachable', () => {
    const bare = path.join(sb.dir, 'remote', 'team', 'lib');
    mkdirSync(path.dirname(bare), { recursive: true });
    sb.run('git', ['init', '-q', '--bare', bare]);
    const good = gitconfig(`[url "file://${path.dirname(bare)}/"]\n\tinsteadOf = https://git.corp.example/team/\n`);
    const r = run(['git-auth'], { ...privateEnv, GIT_CONFIG_GLOBAL: good }, ['--online']);
    assert.ok(
      byCheck(r.doc, 'git-auth').some((x) => /git ls-remote file:\/\/.*team\/lib works/.test(x.message)),
      JSON.stringify(r.doc.findings),
    );
    const bad = gitconfig('[url "https://127.0.0.1:9/"]\n\tinsteadOf = https://git.corp.example/\n');
    const r2 = run(['git-auth'], { ...privateEnv, GIT_CONFIG_GLOBAL: bad }, ['--online']);
    const probe = byCheck(r2.doc, 'git-auth').find((x) => /git ls-remote/.test(x.message));
    assert.match(probe?.message ?? '', /host unreachable/);
    assert.equal(probe?.severity, 'error');
  });
});
