// Every check, in report order. Check modules are small: processes, git and
// hashing are reached through the context's tools.

import type { AnyCheck } from '../check.js';
import gofmt from './gofmt.js';
import envArch from './env-arch.js';
import envCache from './env-cache.js';
import envCgo from './env-cgo.js';
import envEditor from './env-editor.js';
import envGit from './env-git.js';
import envGo from './env-go.js';
import envGopath from './env-gopath.js';
import envGoroot from './env-goroot.js';
import envModules from './env-modules.js';
import envPath from './env-path.js';
import envProxy from './env-proxy.js';
import gitAuth from './git-auth.js';
import goModHygiene from './go-mod-hygiene.js';
import goprivate from './goprivate.js';
import goModSyntax from './go-mod-syntax.js';
import goModTidy from './go-mod-tidy.js';
import goSum from './go-sum.js';
import modVerify from './mod-verify.js';
import toolchain from './toolchain.js';

export const ALL_CHECKS: readonly AnyCheck[] = [
  goModSyntax,
  goSum,
  goModHygiene,
  toolchain,
  modVerify,
  goModTidy,
  gofmt,
  goprivate,
  gitAuth,
  // gohooks doctor: the developer's Go environment
  envGo,
  envGoroot,
  envGopath,
  envPath,
  envModules,
  envProxy,
  envCgo,
  envCache,
  envArch,
  envGit,
  envEditor,
];

export function findCheck(id: string): AnyCheck | undefined {
  return ALL_CHECKS.find((c) => c.id === id);
}
