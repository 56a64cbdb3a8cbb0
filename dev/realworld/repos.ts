// The repositories `npm run realworld` tries without arguments, and what is known about each:
// the pinned commit (the default-branch HEAD when it was mirrored, or a tag where HEAD needs
// versions the module proxy here does not serve) and the realistic changes to make there.

import { existsSync } from 'node:fs';
import path from 'node:path';

/** A dependency bump: `go get <dep>@<version>` in `module`; any part left out is picked by the harness. */
export interface BumpSpec {
  module?: string;
  dep?: string;
  version?: string;
}

export interface KnownRepo {
  name: string;
  sha: string;
  note?: string;
  /** The module and dependency of the plain bump (default: the root module, a direct dependency with a newer release). */
  bump?: BumpSpec;
  /** go.work repositories: a bump with GOWORK=off in one member, go.work unchanged, so its dependents become untidy. */
  workspaceBump?: BumpSpec;
  /** A .go file under testdata/ to edit (gofmt must leave it alone: the go command does). */
  testdataEdit?: string;
}

export const KNOWN_REPOS: KnownRepo[] = [
  {
    name: 'etcd-io/etcd',
    sha: 'c34dc7ee0048fd2bcc44d50beff002e5e8069b69',
    note: 'go.work with 14 modules, each replacing its siblings with ../x',
    bump: { module: 'api', dep: 'golang.org/x/text' },
    workspaceBump: { module: 'api', dep: 'github.com/stretchr/testify' },
  },
  { name: 'cli/cli', sha: '44ee17760709bedf1cad7e452e61751489b81a33', note: 'one module (the stored snapshot is from 2024-10)' },
  {
    name: 'golangci/golangci-lint',
    sha: '6fb5dee3889d231640dce56e5e71c522f13aef7e',
    note: 'docs/go.mod is a Hugo module without Go code; testdata holds unformatted and broken Go files on purpose',
    testdataEdit: 'pkg/golinters/gci/testdata/gci.go',
  },
  {
    name: 'containerd/containerd',
    sha: 'db8809540e1a7a9da5d518876894933ff55692ab',
    note: 'tag v2.3.4 (HEAD needs a version the proxy here lacks); committed vendor/',
    bump: { module: '.', dep: 'github.com/Microsoft/hcsshim' },
  },
  {
    name: 'tailscale/tailscale',
    sha: 'de9ec7ee25627e0e518f53c710a3fc3d947c86c1',
    note: 'one large module with the vanity path tailscale.com',
  },
  {
    name: 'hashicorp/terraform',
    sha: '883c7221ee2e0bc2fad6912fd4b3cc4b53a598a7',
    note: '11 modules without go.work; the backends replace the root with ../../../..',
    bump: { module: '.', dep: 'golang.org/x/text' },
  },
  {
    name: 'open-telemetry/opentelemetry-go',
    sha: '736a14fcdca28b8cf5237e6b9b166ec6ed832bf7',
    note: '28 modules without go.work; two need versions the proxy here lacks',
  },
  {
    name: 'prometheus/prometheus',
    sha: 'd15adb9ad7e5d9fbde3a9a8f30200593a5a14d86',
    note: 'go.work with 5 modules; the members require the root by version, none replaces it',
    workspaceBump: { module: 'documentation/examples/remote_storage', dep: 'github.com/stretchr/testify' },
  },
  { name: 'caddyserver/caddy', sha: '0cf03d32f7d99cf160d5375e8a40fbe3d910d515', note: 'one module, github.com/caddyserver/caddy/v2' },
  {
    name: 'grafana/k6',
    sha: '73b044f9f99a7dc432c17e0ab291b5280c131103',
    note: 'tag v1.8.1 (HEAD and v2.2.0 need a 2026-07 pseudo-version the proxy here refuses); vanity path go.k6.io/k6, committed vendor/ (one vendored blob missing from the mirror, restored from the module cache)',
  },
];

/** Where the `fetch` tool leaves a mirror: /work/.mirror/<owner>+<name>/repo. */
export function defaultMirror(name: string, mirrorRoot = '/work/.mirror'): string {
  return path.join(mirrorRoot, name.replace('/', '+'), 'repo');
}

/** The default run: those of the list whose mirror exists here. */
export const DEFAULT_NAMES = [
  'etcd-io/etcd',
  'cli/cli',
  'golangci/golangci-lint',
  'containerd/containerd',
  'tailscale/tailscale',
  'hashicorp/terraform',
  'open-telemetry/opentelemetry-go',
  'prometheus/prometheus',
  'caddyserver/caddy',
  'grafana/k6',
];

export function defaultRepos(mirrorRoot?: string): { mirror: string; sha: string }[] {
  return DEFAULT_NAMES.map((n) => KNOWN_REPOS.find((k) => k.name === n)!)
    .map((k) => ({ mirror: defaultMirror(k.name, mirrorRoot), sha: k.sha }))
    .filter((r) => existsSync(r.mirror));
}

export function knownRepo(name: string): KnownRepo | undefined {
  return KNOWN_REPOS.find((k) => k.name === name);
}
