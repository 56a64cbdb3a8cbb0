// The go command's rules for GOPRIVATE-style patterns, GOPROXY, GOSUMDB,
// GOAUTH and GOVCS, as table tests from their documented behaviour.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { govcsAllows, parseGoauth, parseGoproxy, parseGosumdb, parseGovcs, redactUrl, routeModule } from '../src/gomod/goproxy.js';
import { matchPrefixPatterns, pathMatch, patternProblems } from '../src/gomod/patterns.js';

test('path.Match', () => {
  const cases: [string, string, boolean][] = [
    ['abc', 'abc', true],
    ['*', 'abc', true],
    ['*c', 'abc', true],
    ['a*', 'a', true],
    ['a*/b', 'abc/b', true],
    ['a*/b', 'a/c/b', false],
    ['a*b*c*d*e*/f', 'axbxcxdxe/f', true],
    ['a*b?c*x', 'abxbbxdbxebxczzx', true],
    ['ab[c]', 'abc', true],
    ['ab[b-d]', 'abc', true],
    ['ab[^c]', 'abc', false],
    ['a\\*b', 'a*b', true],
    ['a?b', 'a/b', false],
    ['*x', 'xxx', true],
  ];
  for (const [p, n, want] of cases) assert.equal(pathMatch(p, n), want, `${p} ~ ${n}`);
  for (const bad of ['[', 'a[', '[^', '[a-', 'a\\', '*[', '[]a]']) assert.throws(() => pathMatch(bad, 'x'), bad);
});

test('module.MatchPrefixPatterns', () => {
  const cases: [string, string, boolean][] = [
    ['*/quote', 'rsc.io/quote', true],
    ['*/quote', 'rsc.io/quote/v3', true],
    ['rsc.io', 'rsc.io/quote', true],
    ['rsc.io/', 'rsc.io/quote', true],
    ['rsc.io/quote', 'rsc.io', false],
    ['*.corp.example', 'git.corp.example/team/repo', true],
    ['git.corp.example', 'git.corp.example.evil.com/x', false],
    ['github.com/acme/*', 'github.com/acme/lib/v2', true],
    ['github.com/acme/*', 'github.com/acmex/lib', false],
    ['a, github.com/acme', 'github.com/acme/lib', false], // " github.com/acme" never matches
    [',,github.com/acme,,', 'github.com/acme/lib', true], // empty entries skipped
    ['https://github.com/acme', 'github.com/acme/lib', false],
    ['[', 'x', false],
    ['', 'x', false],
  ];
  for (const [globs, target, want] of cases) assert.equal(matchPrefixPatterns(globs, target), want, `${JSON.stringify(globs)} ~ ${target}`);
});

test('pattern entries that never match are reported', () => {
  assert.deepEqual(
    patternProblems('git.corp.example, github.com/acme,https://github.com/x,[bad,ok/*').map((p) => [p.entry, p.problem.split(' ')[1]]),
    [
      [' github.com/acme', 'white'],
      ['https://github.com/x', 'a'],
      ['[bad', 'a'],
    ],
  );
  assert.deepEqual(patternProblems(''), []);
});

test('GOPROXY lists', () => {
  const p = parseGoproxy('https://goproxy.corp.example|proxy.golang.org,direct,https://never.example');
  assert.deepEqual(
    p.entries.map((e) => [e.url, e.fallBackOnError, e.public]),
    [
      ['https://goproxy.corp.example', true, false],
      ['https://proxy.golang.org', false, true],
      ['direct', false, false],
    ],
  );
  assert.deepEqual(
    parseGoproxy('off').entries.map((e) => e.url),
    ['off'],
  );
  assert.deepEqual(parseGoproxy(',').problems, ['GOPROXY list is not the empty string, but contains no entries']);
  assert.deepEqual(parseGoproxy('goproxy').problems, ['invalid proxy URL missing scheme: goproxy']);
  assert.match(parseGoproxy('ftp://x.example').problems[0], /must be https, http, file/);
  assert.deepEqual(parseGoproxy('https://user:s3cret@proxy.corp.example').entries[0].url, 'https://***@proxy.corp.example');
  assert.equal(redactUrl('see https://oauth2:tok@gitlab.corp/x and git@host:y'), 'see https://***@gitlab.corp/x and git@host:y');
});

test('GOSUMDB, GOAUTH, GOVCS', () => {
  assert.deepEqual(parseGosumdb('sum.golang.org'), { off: false, name: 'sum.golang.org', url: undefined, public: true });
  assert.equal(parseGosumdb('sum.golang.google.cn').public, true);
  assert.equal(parseGosumdb('off').off, true);
  assert.equal(parseGosumdb('a b c').problem, 'invalid GOSUMDB: too many fields');
  assert.match(parseGosumdb('sum.corp.example').problem!, /malformed verifier id/);
  assert.equal(parseGosumdb('sum.corp.example+abcd+AAAA https://sum.corp.example').public, false);

  assert.deepEqual(parseGoauth('netrc').problems, []);
  assert.deepEqual(parseGoauth('off;netrc').problems, ['GOAUTH=off cannot be combined with other authentication commands']);
  assert.match(parseGoauth('git ./repo').problems[0], /absolute path/);
  assert.deepEqual(parseGoauth('/usr/bin/mytool --token SECRET').entries, [{ kind: 'command', label: 'command mytool' }]);

  const rules = parseGovcs('git.corp.example:svn').rules;
  assert.equal(govcsAllows(rules, 'git.corp.example/x', true, 'git'), false);
  assert.equal(govcsAllows(parseGovcs('').rules, 'git.corp.example/x', true, 'git'), true);
  assert.equal(govcsAllows(parseGovcs('').rules, 'github.com/x', false, 'svn'), false);
  assert.match(parseGovcs('nocolon').problem!, /missing colon/);
});

test('routing: GONOPROXY / GONOSUMDB default to GOPRIVATE only when unset', () => {
  const r = routeModule('git.corp.example/x', {
    GOPRIVATE: 'git.corp.example',
    GOPROXY: 'https://proxy.golang.org,direct',
    GOSUMDB: 'sum.golang.org',
  });
  assert.equal(r.proxy, 'direct');
  assert.equal(r.sumdb, undefined);
  const set = routeModule('git.corp.example/x', { GOPRIVATE: 'git.corp.example', GONOSUMDB: 'other.example', GOPROXY: '', GOSUMDB: '' });
  assert.equal(set.proxy, 'direct');
  assert.equal(set.sumdb?.name, 'sum.golang.org', 'GONOSUMDB set explicitly: GOPRIVATE no longer covers the sumdb');
  const leak = routeModule('git.corp.example/x', {});
  assert.deepEqual(leak.publicProxies, ['proxy.golang.org']);
  const company = routeModule('git.corp.example/x', { GOPROXY: 'https://athens.corp.example,direct', GOSUMDB: 'off' });
  assert.deepEqual(company.publicProxies, []);
  assert.equal(typeof company.proxy === 'object' && company.proxy.host, 'athens.corp.example');
});
