import assert from 'node:assert/strict';
import { test } from 'node:test';
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
} from '../src/gomod/gitauth.js';

const cfg = (pairs: [string, string][]) => pairs.map(([key, value]) => ({ key, value }));

test('insteadOf: longest matching prefix wins; pushInsteadOf is ignored', () => {
  const c = cfg([
    ['url.git@git.corp.example:.insteadof', 'https://git.corp.example/'],
    ['url.ssh://git@git.corp.example:2222/team/.insteadof', 'https://git.corp.example/team/'],
    ['url.https://mirror.example/.pushinsteadof', 'https://git.corp.example/'],
  ]);
  assert.deepEqual(rewriteUrl('https://git.corp.example/team/repo', c).url, 'ssh://git@git.corp.example:2222/team/repo');
  assert.deepEqual(rewriteUrl('https://git.corp.example/other/repo', c).url, 'git@git.corp.example:other/repo');
  assert.deepEqual(rewriteUrl('https://github.com/x/y', c), { url: 'https://github.com/x/y' });
});

test('transports and ssh targets', () => {
  assert.equal(transportOf('https://h/x'), 'https');
  assert.equal(transportOf('git@h:x/y'), 'ssh');
  assert.equal(transportOf('ssh://git@h:2222/x'), 'ssh');
  assert.equal(transportOf('file:///srv/x'), 'file');
  assert.deepEqual(sshTarget('ssh://git@h.example:2222/x'), { user: 'git', host: 'h.example', port: '2222' });
  assert.deepEqual(sshTarget('git@h.example:x/y'), { user: 'git', host: 'h.example' });
});

test('credential helpers for a URL: url-specific entries, and an empty value resets the list', () => {
  const c = cfg([
    ['credential.helper', 'cache'],
    ['credential.https://git.corp.example.helper', ''],
    ['credential.https://git.corp.example.helper', 'store --file /secret/path'],
    ['credential.https://*.other.example.helper', 'osxkeychain'],
  ]);
  assert.deepEqual(credentialHelpers(c, 'https://git.corp.example/team/repo'), ['store --file /secret/path']);
  assert.deepEqual(credentialHelpers(c, 'https://github.com/x/y'), ['cache']);
  assert.deepEqual(credentialHelpers(c, 'https://a.other.example/x'), ['cache', 'osxkeychain']);
  assert.deepEqual(
    credentialHelpers(
      cfg([
        ['credential.helper', 'x'],
        ['credential.helper', ''],
      ]),
      'https://h/x',
    ),
    [],
  );
  assert.equal(helperLabel('store --file /secret/path'), 'store');
  assert.equal(helperLabel('!f() { echo password=s3cret; }; f'), 'a shell credential helper');
  assert.equal(helperLabel('/usr/lib/git-core/git-credential-libsecret'), 'libsecret');
  assert.deepEqual(parseConfigZ('a.b\nc\0d.e\n\0'), [
    { key: 'a.b', value: 'c' },
    { key: 'd.e', value: '' },
  ]);
});

test('.netrc: machines and logins, never passwords', () => {
  const entries = parseNetrc(
    'machine git.corp.example login alice password s3cret\n\nmachine https://bad.example\n  login bob\n  password x\ndefault login anon password y\n',
  );
  assert.deepEqual(entries, [
    { machine: 'git.corp.example', login: 'alice', hasPassword: true, line: 1 },
    { machine: 'https://bad.example', login: 'bob', hasPassword: true, line: 3 },
  ]);
  assert.ok(!JSON.stringify(entries).includes('s3cret'));
});

test('.netrc locations for go and for git, per platform', () => {
  assert.deepEqual(goNetrcPaths({}, 'linux', '/home/a'), ['/home/a/.netrc']);
  assert.deepEqual(goNetrcPaths({ NETRC: '/x/netrc' }, 'linux', '/home/a'), ['/x/netrc']);
  assert.deepEqual(goNetrcPaths({}, 'win32', 'C:\\Users\\a'), ['C:\\Users\\a\\_netrc', 'C:\\Users\\a\\.netrc']);
  assert.deepEqual(
    gitNetrcPaths({ NETRC: '/x/netrc' }, 'linux', '/home/a', '7.88.1'),
    ['/home/a/.netrc'],
    'libcurl before 8.16 ignores $NETRC',
  );
  assert.deepEqual(gitNetrcPaths({ NETRC: '/x/netrc' }, 'linux', '/home/a', '8.16.0'), ['/x/netrc']);
});

test('repository URLs guessed offline', () => {
  assert.equal(guessRepoUrl('github.com/acme/lib/v2'), 'https://github.com/acme/lib');
  assert.equal(guessRepoUrl('git.corp.example/team/repo.git/sub'), 'https://git.corp.example/team/repo.git');
  assert.equal(guessRepoUrl('git.corp.example/x'), 'https://git.corp.example/x');
});
