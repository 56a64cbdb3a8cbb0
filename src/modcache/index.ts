// The module cache verification engine (issue 11): plain inputs and outputs,
// no dependency on the checks' Context, so the mod-verify check, the hooks and
// the benchmark call the same code.

export { verifyVersions, sumProblems, DEFAULT_WORKERS, type VerifyOptions } from './verify.js';
export {
  collectVersions,
  defaultBuildListCacheDir,
  goWorkFor,
  type BuildListUnit,
  type VersionSet,
  type VersionSetOptions,
  type UnitFailure,
} from './buildlist.js';
export { verifyVendor, type VendorOptions, type VendorReport, type VendorModuleRef } from './vendor.js';
export { defaultSnapshotDir, SNAPSHOT_FORMAT } from './snapshot.js';
export { userCacheDir } from '../platform.js';
export type * from './types.js';
