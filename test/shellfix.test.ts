// Environment fixes for every shell and OS: pure functions, table-tested.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectShell } from '../src/platform.js';
import { envFix, goEnvFix, profileFile, shellCommand, type EnvOp } from '../src/shellfix.js';

const path: EnvOp = { kind: 'prepend-path', dir: '/home/ann/go/bin' };
const set: EnvOp = { kind: 'set', key: 'GOPRIVATE', value: 'git.corp.example' };
const unset: EnvOp = { kind: 'unset', key: 'GO111MODULE' };

test('PATH, set and unset for every shell', () => {
  const table: [Parameters<typeof shellCommand>[1], Parameters<typeof shellCommand>[2], EnvOp, string][] = [
    ['bash', 'linux', path, `echo 'export PATH="$HOME/go/bin:$PATH"' >> ~/.bashrc && export PATH="$HOME/go/bin:$PATH"`],
    ['bash', 'darwin', path, `echo 'export PATH="$HOME/go/bin:$PATH"' >> ~/.bash_profile && export PATH="$HOME/go/bin:$PATH"`],
    ['zsh', 'darwin', path, `echo 'export PATH="$HOME/go/bin:$PATH"' >> ~/.zshrc && export PATH="$HOME/go/bin:$PATH"`],
    ['sh', 'linux', set, `echo 'export GOPRIVATE=git.corp.example' >> ~/.profile && export GOPRIVATE=git.corp.example`],
    ['bash', 'linux', unset, `sed -i.bak '/^[[:space:]]*export GO111MODULE=/d' ~/.bashrc && unset GO111MODULE`],
    ['fish', 'linux', path, 'fish_add_path /home/ann/go/bin'],
    ['fish', 'darwin', set, 'set -Ux GOPRIVATE git.corp.example'],
    ['fish', 'linux', unset, 'set -eU GO111MODULE; set -e GO111MODULE'],
    [
      'powershell',
      'win32',
      { kind: 'prepend-path', dir: 'C:\\Users\\ann\\go\\bin' },
      "[Environment]::SetEnvironmentVariable('Path', 'C:\\Users\\ann\\go\\bin;' + [Environment]::GetEnvironmentVariable('Path', 'User'), 'User'); $env:Path = 'C:\\Users\\ann\\go\\bin;' + $env:Path",
    ],
    [
      'powershell',
      'win32',
      set,
      "[Environment]::SetEnvironmentVariable('GOPRIVATE', 'git.corp.example', 'User'); $env:GOPRIVATE = 'git.corp.example'",
    ],
    [
      'powershell',
      'win32',
      unset,
      "[Environment]::SetEnvironmentVariable('GO111MODULE', $null, 'User'); Remove-Item Env:GO111MODULE -ErrorAction SilentlyContinue",
    ],
    ['cmd', 'win32', set, 'setx GOPRIVATE "git.corp.example"'],
    ['cmd', 'win32', unset, 'reg delete HKCU\\Environment /v GO111MODULE /f & set GO111MODULE='],
  ];
  for (const [shell, platform, op, want] of table)
    assert.equal(shellCommand(op, shell, platform, '/home/ann'), want, `${shell} ${platform} ${op.kind}`);
});

test('PATH is never changed with setx (it truncates PATH at 1024 characters)', () => {
  const cmd = shellCommand({ kind: 'prepend-path', dir: 'C:\\Go\\bin' }, 'cmd', 'win32');
  assert.doesNotMatch(cmd, /setx/);
  assert.match(cmd, /^powershell -NoProfile -Command "\[Environment\]::SetEnvironmentVariable\('Path'/);
  assert.doesNotMatch(shellCommand({ kind: 'prepend-path', dir: 'C:\\Go\\bin' }, 'powershell', 'win32'), /setx/);
});

test('quoting of odd values', () => {
  assert.equal(
    shellCommand({ kind: 'set', key: 'GOFLAGS', value: '-tags=a b' }, 'bash', 'linux'),
    `echo 'export GOFLAGS='"'"'-tags=a b'"'"'' >> ~/.bashrc && export GOFLAGS='-tags=a b'`.replace(/'"'"'/g, "'\\''"),
  );
  assert.equal(
    shellCommand({ kind: 'set', key: 'X', value: "it's" }, 'powershell', 'win32'),
    "[Environment]::SetEnvironmentVariable('X', 'it''s', 'User'); $env:X = 'it''s'",
  );
  assert.equal(
    shellCommand({ kind: 'prepend-path', dir: '/opt/my "go"/bin' }, 'zsh', 'linux'),
    `echo 'export PATH="/opt/my \\"go\\"/bin:$PATH"' >> ~/.zshrc && export PATH="/opt/my \\"go\\"/bin:$PATH"`,
  );
});

test("the contract: posix is the user's own POSIX shell", () => {
  assert.match(envFix(set, { shell: 'zsh', platform: 'darwin' }).posix!, />> ~\/.zshrc/);
  assert.match(envFix(set, { shell: 'fish', platform: 'linux' }).posix!, />> ~\/.bashrc/);
  assert.equal(envFix(set, { shell: 'fish', platform: 'linux' }).fish, 'set -Ux GOPRIVATE git.corp.example');
  assert.deepEqual(goEnvFix('GOPROXY', 'off', 'goenv', { shell: 'bash', platform: 'linux' }).commands.posix, 'go env -w GOPROXY=off');
  assert.deepEqual(goEnvFix('GOFLAGS', '', 'default', { shell: 'bash', platform: 'linux' }).commands.posix, 'go env -u GOFLAGS');
  assert.equal(profileFile('powershell', 'win32'), undefined);
});

test('shell detection from the environment', () => {
  assert.equal(detectShell({ SHELL: '/usr/bin/zsh' }, 'linux'), 'zsh');
  assert.equal(detectShell({ SHELL: '/opt/homebrew/bin/fish' }, 'darwin'), 'fish');
  assert.equal(detectShell({ SHELL: '/bin/bash' }, 'darwin'), 'bash');
  assert.equal(detectShell({}, 'linux'), 'sh');
  const system = 'C:\\Program Files\\WindowsPowerShell\\Modules;C:\\Windows\\system32\\WindowsPowerShell\\v1.0\\Modules';
  assert.equal(detectShell({ PSModulePath: `C:\\Users\\ann\\Documents\\WindowsPowerShell\\Modules;${system}` }, 'win32'), 'powershell');
  assert.equal(
    detectShell({ Psmodulepath: `C:\\Users\\ann\\Documents\\PowerShell\\Modules;${system}` }, 'win32'),
    'powershell',
    'Windows env names are case-insensitive',
  );
  assert.equal(detectShell({ PSModulePath: system, ComSpec: 'C:\\Windows\\system32\\cmd.exe' }, 'win32'), 'cmd');
  assert.equal(detectShell({ SHELL: '/usr/bin/bash', PSModulePath: 'x' }, 'win32'), 'bash', 'Git Bash');
});
