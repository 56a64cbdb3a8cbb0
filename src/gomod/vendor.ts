// vendor/modules.txt and the go command's vendor consistency rules
// (cmd/go/internal/modload/vendor.go: checkVendorConsistency).

import type { ModFile } from './modfile.js';

export interface VendoredModule {
  path: string;
  version: string;
  explicit: boolean;
  goVersion?: string;
  replacement?: { path: string; version?: string };
  /** The package lines below the module line. */
  packages: string[];
  line: number;
}

function key(path: string, version: string | undefined): string {
  return version ? `${path}@${version}` : path;
}

/** vendor/modules.txt's "# module version [=> replacement]" blocks in file order, with their annotations and package lines. */
export function parseModulesTxtBlocks(text: string): VendoredModule[] {
  const out: VendoredModule[] = [];
  let current: VendoredModule | undefined;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.startsWith('# ')) {
      // "# path version [=> new [newversion]]" or "# path => new [newversion]"
      const f = line.slice(2).trim().split(/\s+/);
      const arrow = f.indexOf('=>');
      const head = arrow >= 0 ? f.slice(0, arrow) : f;
      const repl = arrow >= 0 ? f.slice(arrow + 1) : [];
      current = {
        path: head[0] ?? '',
        version: head[1] ?? '',
        explicit: false,
        replacement: repl.length > 0 ? { path: repl[0], version: repl[1] } : undefined,
        packages: [],
        line: i + 1,
      };
      out.push(current);
    } else if (line.startsWith('## ') && current) {
      // "## explicit; go 1.21", "## workspace"
      for (const ann of line
        .slice(3)
        .split(';')
        .map((s) => s.trim())) {
        if (ann === 'explicit') current.explicit = true;
        else if (ann.startsWith('go ')) current.goVersion = ann.slice(3).trim();
      }
    } else if (!line.startsWith('#') && line.trim() !== '' && current) {
      current.packages.push(line.trim());
    }
  });
  return out;
}

/** Entries keyed by path@version ("path" alone for a wildcard replacement line). */
export function parseModulesTxt(text: string): Map<string, VendoredModule> {
  return new Map(parseModulesTxtBlocks(text).map((m) => [key(m.path, m.version), m]));
}

const describe = (m: { path: string; version?: string }) => key(m.path, m.version);

/**
 * The differences the go command reports as "inconsistent vendoring" for a
 * go 1.14+ module, in its wording (modload/vendor.go: checkVendorConsistency).
 */
export function vendorInconsistencies(mod: ModFile, vendored: Map<string, VendoredModule>): string[] {
  const out: string[] = [];
  const byPath = new Map<string, VendoredModule>();
  for (const v of vendored.values()) if (v.version) byPath.set(v.path, v);
  const required = new Set<string>();
  for (const r of mod.require) {
    required.add(key(r.path, r.version));
    if (vendored.get(key(r.path, r.version))?.explicit) continue;
    const other = byPath.get(r.path);
    out.push(
      other && other.version !== r.version
        ? `${r.path}@${r.version}: is explicitly required in go.mod, but vendor/modules.txt indicates ${r.path}@${other.version}`
        : `${r.path}@${r.version}: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt`,
    );
  }
  const replaced = new Set<string>();
  for (const rep of mod.replace) {
    const k = key(rep.old.path, rep.old.version);
    if (replaced.has(k)) continue;
    replaced.add(k);
    const vr = vendored.get(k)?.replacement;
    if (!vr) {
      out.push(`${k}: is replaced in go.mod, but not marked as replaced in vendor/modules.txt`);
    } else if (vr.path !== rep.new.path || (vr.version ?? '') !== (rep.new.version ?? '')) {
      out.push(`${k}: is replaced by ${describe(rep.new)} in go.mod, but marked as replaced by ${describe(vr)} in vendor/modules.txt`);
    }
  }
  for (const v of vendored.values()) {
    const k = key(v.path, v.version);
    if (v.explicit && !required.has(k)) {
      out.push(`${k}: is marked as explicit in vendor/modules.txt, but not explicitly required in go.mod`);
    }
    const isReplacedInGoMod = replaced.has(k) || replaced.has(v.path);
    if (v.replacement && !isReplacedInGoMod) {
      out.push(`${k}: is marked as replaced in vendor/modules.txt, but not replaced in go.mod`);
    }
  }
  return out;
}
