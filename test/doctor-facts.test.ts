import assert from 'node:assert/strict';
import { test } from 'node:test';
import { awkwardWindowsPath, cCompilerInstall, goarchOf, goInstall, goSupport, linuxFamily, machineArch } from '../src/doctor/facts.js';
import { healthScore } from '../src/report/score.js';

test('Go support from the shipped release table', () => {
  assert.deepEqual(goSupport('1.27.4'), { kind: 'current', latest: '1.27.4' });
  assert.deepEqual(goSupport('1.26.8'), { kind: 'patch-behind', latest: '1.26.11' });
  assert.deepEqual(goSupport('1.25.14'), { kind: 'unsupported', supported: ['1.27', '1.26'] });
  assert.deepEqual(goSupport('1.21.0'), { kind: 'unsupported', supported: ['1.27', '1.26'] });
  assert.deepEqual(goSupport('1.28rc1'), { kind: 'newer' });
});

test('machine architecture per OS (macOS asks sysctl: uname describes a translated process)', () => {
  assert.equal(machineArch('darwin', { sysctlArm64: '1', uname: 'x86_64', env: {} }), 'arm64', 'Rosetta: uname says x86_64');
  assert.equal(machineArch('darwin', { sysctlArm64: '0', uname: 'x86_64', env: {} }), 'amd64');
  assert.equal(machineArch('darwin', { uname: 'x86_64', env: {} }), 'amd64', 'Intel Macs have no hw.optional.arm64');
  assert.equal(machineArch('linux', { uname: 'aarch64', env: {} }), 'arm64');
  assert.equal(
    machineArch('win32', { env: { PROCESSOR_ARCHITECTURE: 'x86', PROCESSOR_ARCHITEW6432: 'AMD64' } }),
    'amd64',
    'a 32-bit process on 64-bit Windows',
  );
  assert.equal(machineArch('win32', { env: { PROCESSOR_ARCHITECTURE: 'ARM64' } }), 'arm64');
  assert.equal(goarchOf('armv7l'), 'arm');
  assert.equal(goarchOf('sparc'), undefined);
});

test('a C compiler, per OS and distribution', () => {
  assert.equal(cCompilerInstall('darwin').command, 'xcode-select --install');
  assert.match(cCompilerInstall('win32').summary, /MSYS2.*TDM-GCC/);
  assert.equal(cCompilerInstall('linux', 'ID=ubuntu\nID_LIKE=debian\n').command, 'sudo apt-get install -y gcc');
  assert.equal(cCompilerInstall('linux', 'ID="rocky"\nID_LIKE="rhel centos fedora"\n').command, 'sudo dnf install -y gcc');
  assert.equal(cCompilerInstall('linux', 'ID=alpine\n').command, 'sudo apk add gcc musl-dev');
  assert.equal(cCompilerInstall('linux', '').command, undefined);
  assert.equal(linuxFamily('ID=opensuse-tumbleweed\nID_LIKE="opensuse suse"\n'), 'suse');
  assert.equal(goInstall('darwin').command, 'brew install go');
  assert.ok(awkwardWindowsPath('C:\\Users\\Zoë\\go'));
  assert.ok(awkwardWindowsPath('C:\\Users\\Ann Lee\\go'));
  assert.ok(!awkwardWindowsPath('C:\\go'));
});

test('health score: 100 − 20 per error − 7 per warning, never below 0', () => {
  const f = (severity: 'error' | 'warning' | 'info') => ({ check: 'x', severity, message: 'm' });
  assert.equal(healthScore([]), 100);
  assert.equal(healthScore([f('info'), f('info')]), 100);
  assert.equal(healthScore([f('error'), f('warning'), f('warning')]), 66);
  assert.equal(healthScore(Array.from({ length: 9 }, () => f('error'))), 0);
});
