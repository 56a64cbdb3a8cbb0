// What gohooks doctor knows without the network, as pure functions: Go's
// release table, architecture names, and how to install a C compiler on each
// OS. Platform and environment are parameters, so every branch is testable.

import { compareGoVersions, languageOf } from '../gomod/goversion.js';

/**
 * Go releases, read from the Go module proxy (golang.org/toolchain) on this
 * date. Upstream supports the two newest minor releases. Update with each release.
 */
export const RELEASES_AS_OF = '2026-11-21';
export const GO_RELEASES: { lang: string; latest: string }[] = [
  { lang: '1.27', latest: '1.27.4' },
  { lang: '1.26', latest: '1.26.11' },
  { lang: '1.25', latest: '1.25.14' },
  { lang: '1.24', latest: '1.24.13' },
  { lang: '1.23', latest: '1.23.12' },
  { lang: '1.22', latest: '1.22.12' },
];

export type SupportStatus =
  | { kind: 'current'; latest: string }
  | { kind: 'patch-behind'; latest: string }
  | { kind: 'unsupported'; supported: string[] }
  | { kind: 'newer' };

/** Whether a Go version is still supported upstream, as far as the table knows. */
export function goSupport(version: string): SupportStatus {
  const lang = languageOf(version);
  const supported = GO_RELEASES.slice(0, 2);
  if (compareGoVersions(lang, GO_RELEASES[0].lang) > 0) return { kind: 'newer' };
  const row = supported.find((r) => r.lang === lang);
  if (!row) return { kind: 'unsupported', supported: supported.map((r) => r.lang) };
  return compareGoVersions(version, row.latest) < 0
    ? { kind: 'patch-behind', latest: row.latest }
    : { kind: 'current', latest: row.latest };
}

/** A machine architecture name (uname -m, PROCESSOR_ARCHITECTURE) as GOARCH. */
export function goarchOf(machine: string): string | undefined {
  const m = machine.trim().toLowerCase();
  const table: Record<string, string> = {
    x86_64: 'amd64',
    amd64: 'amd64',
    aarch64: 'arm64',
    arm64: 'arm64',
    armv7l: 'arm',
    armv6l: 'arm',
    i386: '386',
    i686: '386',
    x86: '386',
    ppc64le: 'ppc64le',
    s390x: 's390x',
    riscv64: 'riscv64',
    loongarch64: 'loong64',
  };
  return table[m];
}

/**
 * The machine's architecture, from facts read by the caller:
 * macOS `sysctl -n hw.optional.arm64` (uname -m describes the calling process,
 * which Rosetta translates), Linux `uname -m`, Windows PROCESSOR_ARCHITEW6432
 * (set for a 32-bit process on 64-bit Windows) else PROCESSOR_ARCHITECTURE.
 */
export function machineArch(platform: string, facts: { sysctlArm64?: string; uname?: string; env: NodeJS.ProcessEnv }): string | undefined {
  if (platform === 'darwin') {
    if (facts.sysctlArm64?.trim() === '1') return 'arm64';
    return facts.uname ? goarchOf(facts.uname) : undefined;
  }
  if (platform === 'win32') {
    const v = facts.env.PROCESSOR_ARCHITEW6432 || facts.env.PROCESSOR_ARCHITECTURE;
    return v ? goarchOf(v) : undefined;
  }
  return facts.uname ? goarchOf(facts.uname) : undefined;
}

/** The Linux distribution family from /etc/os-release (ID, ID_LIKE). */
export function linuxFamily(osRelease: string): 'debian' | 'fedora' | 'alpine' | 'arch' | 'suse' | undefined {
  const ids = [/^ID=(.*)$/m.exec(osRelease)?.[1], /^ID_LIKE=(.*)$/m.exec(osRelease)?.[1]]
    .filter(Boolean)
    .join(' ')
    .replace(/"/g, '')
    .split(/\s+/);
  if (ids.some((i) => ['debian', 'ubuntu'].includes(i))) return 'debian';
  if (ids.some((i) => ['fedora', 'rhel', 'centos'].includes(i))) return 'fedora';
  if (ids.includes('alpine')) return 'alpine';
  if (ids.includes('arch')) return 'arch';
  if (ids.some((i) => i.includes('suse'))) return 'suse';
  return undefined;
}

/** How to install a C compiler for cgo. */
export function cCompilerInstall(platform: string, osRelease = ''): { summary: string; command?: string } {
  if (platform === 'darwin') return { summary: "install Apple's command line tools (clang)", command: 'xcode-select --install' };
  if (platform === 'win32') {
    return {
      summary:
        'install a MinGW-w64 gcc: MSYS2 (then: pacman -S mingw-w64-ucrt-x86_64-gcc, and put C:\\msys64\\ucrt64\\bin on PATH) or TDM-GCC',
      command: 'winget install MSYS2.MSYS2',
    };
  }
  switch (linuxFamily(osRelease)) {
    case 'debian':
      return { summary: 'install gcc', command: 'sudo apt-get install -y gcc' };
    case 'fedora':
      return { summary: 'install gcc', command: 'sudo dnf install -y gcc' };
    case 'alpine':
      return { summary: 'install gcc and the musl headers', command: 'sudo apk add gcc musl-dev' };
    case 'arch':
      return { summary: 'install gcc', command: 'sudo pacman -S --needed gcc' };
    case 'suse':
      return { summary: 'install gcc', command: 'sudo zypper install -y gcc' };
    default:
      return { summary: "install gcc (or clang) with your distribution's package manager" };
  }
}

/** How to install Go. */
export function goInstall(platform: string): { summary: string; command?: string } {
  if (platform === 'darwin') return { summary: 'install Go from https://go.dev/dl/ or with Homebrew', command: 'brew install go' };
  if (platform === 'win32') return { summary: 'install Go from https://go.dev/dl/ or with winget', command: 'winget install GoLang.Go' };
  return {
    summary:
      'install Go from https://go.dev/dl/ (distribution packages are often old): unpack to /usr/local/go and put /usr/local/go/bin on PATH',
  };
}

/** Spaces or non-ASCII characters in a path: trouble for cgo and some tools on Windows. */
export function awkwardWindowsPath(p: string): boolean {
  return /\s|[^\x00-\x7f]/.test(p);
}
