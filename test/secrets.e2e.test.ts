// No secret reaches any output: fake secrets planted where a security review
// found them leaking (a token as the .netrc login, GOAUTH command lines set in
// the environment and with go env -w, user:token@ in GOPRIVATE / GONOPROXY,
// GOFLAGS -X values next to a flagged flag, token-shaped values), then every
// command in every format, with the debug log on, is searched for them.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { gitCommitAll, gitInit, makeGoModule } from '../dev/testkit/project.js';
import { libModule } from '../dev/testkit/proxy.js';
import { makeSandbox, type Sandbox } from '../dev/testkit/sandbox.js';
import { Redactor, redactorFor } from '../src/redact.js';
import { gohooks } from './helpers.js';

const SECRETS = {
  netrcLogin: 'lgn0PLANTED8f3k2j4h5g6',
  netrcPassword: 'pw0PLANTED-9d8s7a6',
  goauthEnv: 'TOKEN-goauth-env-PLANTED',
  goauthFile: 'TOKEN-goauth-file-PLANTED',
  goprivate: 'TOKEN-goprivate-PLANTED',
  gonoproxy: 'TOKEN-gonoproxy-PLANTED',
  ldflags: 'KEY-ldflags-PLANTED',
  github: 'ghp_PLANTED0123456789abcdefghijklmnopqrst',
};

let sb: Sandbox;
let repo: string;
let env: NodeJS.ProcessEnv;

before(() => {
  sb = makeSandbox();
  sb.addModules([libModule('git.corp.example/team/lib', 'v1.0.0')]);
  repo = makeGoModule(sb, { rel: 'app', modulePath: 'example.org/app', deps: [{ path: 'git.corp.example/team/lib', version: 'v1.0.0' }] });
  gitInit(sb, 'app');
  gitCommitAll(sb, repo);
  writeFileSync(path.join(sb.home, '.netrc'), `machine git.corp.example login ${SECRETS.netrcLogin} password ${SECRETS.netrcPassword}\n`, {
    mode: 0o600,
  });
  sb.run('go', ['env', '-w', `GOAUTH=corp-cred --token=${SECRETS.goauthFile}`]);
  env = {
    ...sb.env,
    GOAUTH: `corp-cred --token=${SECRETS.goauthEnv}`,
    GOPRIVATE: `https://bot:${SECRETS.goprivate}@git.corp.example`,
    GONOPROXY: `bot:${SECRETS.gonoproxy}@git.corp.example`,
    GOFLAGS: `-mod=mod -ldflags=-X=main.apiKey=${SECRETS.ldflags}`,
    CI_DEPLOY_TOKEN: SECRETS.github,
    GOHOOKS_DEBUG: '1',
  };
});
after(() => sb.cleanup());

function assertNoSecret(what: string, ...texts: string[]) {
  for (const text of texts) {
    for (const [name, secret] of Object.entries(SECRETS)) {
      assert.ok(!text.includes(secret), `${what} printed the ${name} secret:\n${text}`);
    }
  }
}

test('verify, in every format, with the debug log: no secret', () => {
  for (const format of ['human', 'json', 'github', 'sarif']) {
    const sarif = path.join(sb.dir, `out-${format}.sarif`);
    const r = gohooks(['verify', '--format', format, '--sarif', sarif], { cwd: repo, env });
    assert.ok(r.status === 0 || r.status === 1, `${format}: exit ${r.status}\n${r.stderr}`);
    assertNoSecret(`verify --format ${format}`, r.stdout, r.stderr, readFileSync(sarif, 'utf8'));
    // The findings these secrets ride on are there: the test would see a leak.
    if (format === 'json') {
      const messages = (JSON.parse(r.stdout) as { findings: { message: string }[] }).findings.map((f) => f.message).join('\n');
      assert.match(messages, /GOAUTH is set both in your environment \(command corp-cred\) and with go env -w \(command corp-cred\)/);
      assert.match(messages, /GOPRIVATE entry "https:\/\/\*\*\*@git.corp.example" has a URL scheme/);
      assert.match(messages, /GOFLAGS contains -mod=mod/);
    }
  }
});

test('doctor, human, json and html: no secret', () => {
  const html = path.join(sb.dir, 'doctor.html');
  for (const args of [[], ['--format', 'json'], ['--format', 'html', '--output', html]]) {
    const r = gohooks(['doctor', ...args], { cwd: repo, env });
    assertNoSecret(`doctor ${args.join(' ')}`, r.stdout, r.stderr);
  }
  assertNoSecret('doctor --format html', readFileSync(html, 'utf8'));
});

test('the hooks: no secret', () => {
  writeFileSync(path.join(repo, 'go.mod'), `${readFileSync(path.join(repo, 'go.mod'), 'utf8')}\n`);
  sb.run('git', ['add', 'go.mod'], { cwd: repo });
  const commit = gohooks(['run', 'pre-commit'], { cwd: repo, env });
  assertNoSecret('pre-commit', commit.stdout, commit.stderr);
  const head = sb.run('git', ['rev-parse', 'HEAD'], { cwd: repo }).trim();
  const push = gohooks(['run', 'pre-push', 'origin', 'https://example.invalid/x.git'], {
    cwd: repo,
    env,
    input: `refs/heads/main ${head} refs/heads/main 0000000000000000000000000000000000000000\n`,
  });
  assertNoSecret('pre-push', push.stdout, push.stderr);
});

test('a secret that reaches the output in the go command’s own words is redacted by the output layer', () => {
  // With -X and its value separated by a space, every go command fails quoting the value: "non-flag main.apiKey=…".
  const spaced = { ...env, GOFLAGS: `-ldflags=-X main.apiKey=${SECRETS.ldflags}`, GOHOOKS_DEBUG: '1' };
  const r = gohooks(['verify', '--format', 'json'], { cwd: repo, env: spaced });
  assert.match(r.stdout, /non-flag/, 'go quoted GOFLAGS back: the output path exists');
  assertNoSecret('verify with a GOFLAGS go rejects', r.stdout, r.stderr);
  const d = gohooks(['doctor'], { cwd: repo, env: spaced });
  assertNoSecret('doctor with a GOFLAGS go rejects', d.stdout, d.stderr);
});

test('the redactor: registered values in their escaped forms, URL userinfo, token shapes, key=value secrets', () => {
  const r = redactorFor({ GOPROXY: 'https://u:p4ss"word@proxy.corp', API_TOKEN: 'abcd1234' }, {}, ['machine h login me password se"cr<et']);
  assert.equal(r.redact('a p4ss"word b'), 'a *** b');
  assert.equal(r.redact(JSON.stringify('x se"cr<et y')), '"x *** y"');
  assert.equal(r.redact('x se&quot;cr&lt;et y'), 'x *** y');
  assert.equal(r.redact('me and abcd1234'), 'me and ***', 'a short login stays, a secret-named variable goes');
  const plain = new Redactor();
  assert.equal(plain.redact('git clone https://bot:tok@host/x'), 'git clone https://***@host/x');
  assert.equal(plain.redact('key glpat-abcdefghijklmnopqrstu and AKIAABCDEFGHIJKLMNOP'), 'key *** and ***');
  assert.equal(
    plain.redact('curl -H "Authorization: Bearer abc.def" password=hunter22'),
    'curl -H "Authorization: Bearer ***" password=***',
  );
  assert.equal(plain.redact('git-auth: ok; checks.git-auth: fine'), 'git-auth: ok; checks.git-auth: fine');
});
