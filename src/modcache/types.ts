// The verification engine's inputs and results: plain data, no gohooks types,
// so the checks, the hooks and the benchmark can all call it.

export interface ModuleSums {
  /** go.sum's "<m> <v> h1:…" (the module tree). */
  zip?: string;
  /** go.sum's "<m> <v>/go.mod h1:…". */
  mod?: string;
}

export interface VersionInput {
  path: string;
  version: string;
  /** What the committed go.sum records; compared with the cache on every run. */
  sum?: ModuleSums;
  /**
   * Only the cached @v/<v>.mod is checked (a version whose go.mod is in the
   * module graph but that the build list does not select).
   */
  modOnly?: boolean;
}

export type VersionStatus =
  /** Every present copy (zip, extracted tree) matches .ziphash; go.sum, when given, agrees. */
  | 'verified'
  /** Neither zip nor extracted tree in the cache: nothing to verify (go mod verify skips it silently). */
  | 'not-downloaded'
  /**
   * The extracted tree is incomplete in go's eyes (a .partial marker, no .ziphash beside it, not a
   * directory): go ignores it and extracts again before a build, so it is not checked; the zip is.
   */
  | 'partial'
  /** At least one problem below. */
  | 'failed'
  /** A version that only needs its .mod (modOnly) and has it, matching go.sum when given. */
  | 'mod-verified';

export type Problem =
  | { kind: 'zip-modified'; file: string; hash: string; ziphash: string }
  | {
      kind: 'dir-modified';
      dir: string;
      hash: string;
      ziphash: string;
      /** Relative paths, when the zip was there to compare with (it matched .ziphash). */
      changed?: string[];
      added?: string[];
      removed?: string[];
    }
  /** Zip or tree present but no .ziphash to compare with (go mod verify: "missing ziphash"). */
  | { kind: 'missing-ziphash'; file: string; detail: string }
  /** A cache file that cannot be read or is not a valid zip (go mod verify fails the same way). */
  | { kind: 'unreadable'; what: 'zip' | 'dir' | 'ziphash' | 'mod'; file: string; detail: string }
  /**
   * The cache disagrees with go.sum: `which` names every cache hash that differs from the
   * recorded one (a dir, zip and .ziphash rewritten consistently pass go mod verify, not this).
   */
  | { kind: 'sum-mismatch'; goMod: boolean; recorded: string; cached: string; which: ('ziphash' | 'zip' | 'dir' | 'mod')[] };

export interface CacheHashes {
  /** The trimmed content of @v/<v>.ziphash. */
  ziphash?: string;
  /** dirhash h1 of @v/<v>.zip. */
  zip?: string;
  /** dirhash h1 of the extracted tree. */
  dir?: string;
  /** The go.sum hash of @v/<v>.mod. */
  mod?: string;
}

export interface VersionResult {
  path: string;
  version: string;
  status: VersionStatus;
  problems: Problem[];
  hashes: CacheHashes;
  /** Why the tree was not checked, for status "partial". */
  incomplete?: 'partial-marker' | 'no-ziphash' | 'not-a-directory';
  /** true: stat data matched the snapshot, nothing was read; false: hashed in this run. */
  fromSnapshot: boolean;
  /** The snapshot record was stale because its entries were racily clean (git's racy-git rule). */
  racy?: boolean;
}

export interface VerifyStats {
  versions: number;
  hashed: number;
  fromSnapshot: number;
  racy: number;
  workers: number;
  ms: number;
}

export interface VerifyReport {
  results: VersionResult[];
  stats: VerifyStats;
}
