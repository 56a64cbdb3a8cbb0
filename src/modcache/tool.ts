// The engine as the Context hands it to checks: the build lists of the units
// go runs on, verification of module versions with the stat snapshot, and
// vendor/ against the verified cache. Where its caches live, and how it runs
// go, are decided here, once.

import type { Platform } from '../platform.js';
import type { GoTool } from '../tools/go.js';
import type { BuildListUnit, VersionSet } from './buildlist.js';
import type { VerifyReport, VersionInput, VersionResult } from './types.js';
import type { VendorReport } from './vendor.js';

export interface ModCache {
  /** The module versions a unit's builds use, with its go.sum hashes (`go list -m -e -json all`, cached by content). */
  versions(unit: BuildListUnit): Promise<VersionSet>;
  /** Each version once: zip and tree against .ziphash and go.sum, the .mod against go.sum; `full` ignores the snapshot. */
  verify(
    gomodcache: string,
    versions: VersionInput[],
    opts: { full: boolean; onProgress?: (done: number, total: number) => void },
  ): Promise<VerifyReport>;
  /** vendor/ in moduleDir against the verified cache copies, by go mod vendor's rules. */
  vendor(
    moduleDir: string,
    gomodcache: string,
    goVersion: string,
    verified: (path: string, version: string) => VersionResult | undefined,
  ): Promise<VendorReport>;
}

export interface ModCacheSetup {
  go: GoTool;
  env: NodeJS.ProcessEnv;
  platform: Platform;
  timeoutMs: number;
  /** The go version, part of the build-list cache key. */
  goVersion: () => Promise<string>;
}

// The engine is imported on first use: a hook that verifies nothing (a commit of .go files) never compiles it.
export function engineModCache(s: ModCacheSetup): ModCache {
  return {
    versions: async (unit) => {
      const { collectVersions, defaultBuildListCacheDir } = await import('./buildlist.js');
      return collectVersions({
        units: [unit],
        runGo: (args, o) => s.go.run(args, o),
        env: s.env,
        timeoutMs: s.timeoutMs,
        goVersion: await s.goVersion(),
        cacheDir: defaultBuildListCacheDir(s.platform, s.env),
      });
    },
    verify: async (gomodcache, versions, o) => {
      const [{ verifyVersions }, { defaultSnapshotDir }] = await Promise.all([import('./verify.js'), import('./snapshot.js')]);
      return verifyVersions({
        gomodcache,
        versions,
        snapshotDir: defaultSnapshotDir(s.platform, s.env, gomodcache),
        full: o.full,
        onProgress: o.onProgress,
      });
    },
    vendor: async (moduleDir, gomodcache, goVersion, verified) => {
      const { verifyVendor } = await import('./vendor.js');
      return verifyVendor({ moduleDir, gomodcache, goVersion, verified });
    },
  };
}
