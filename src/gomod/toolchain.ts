// GOTOOLCHAIN semantics (cmd/go/internal/toolchain/select.go), as pure functions.

import { compareGoVersions, fromToolchain, toolchainForGoLine } from './goversion.js';

export interface ToolchainSetting {
  /** "local" or a toolchain name such as "go1.22.3". */
  min: string;
  /** "" (no switching beyond min), "auto" (PATH then download) or "path" (PATH only). */
  mode: '' | 'auto' | 'path';
}

/** Parses GOTOOLCHAIN; a string is the go command's own complaint. */
export function parseGotoolchain(value: string): ToolchainSetting | string {
  if (value === 'auto') return { min: 'local', mode: 'auto' };
  if (value === 'path') return { min: 'local', mode: 'path' };
  const plus = value.indexOf('+');
  const min = plus < 0 ? value : value.slice(0, plus);
  const suffix = plus < 0 ? '' : value.slice(plus + 1);
  if (min !== 'local' && fromToolchain(min) === '') {
    return plus >= 0 ? `invalid GOTOOLCHAIN "${value}": invalid minimum toolchain "${min}"` : `invalid GOTOOLCHAIN "${value}"`;
  }
  if (plus >= 0 && suffix !== 'auto' && suffix !== 'path') {
    return `invalid GOTOOLCHAIN "${value}": only version suffixes are +auto and +path`;
  }
  return { min, mode: suffix as ToolchainSetting['mode'] };
}

export interface Selection {
  /** The toolchain the go command will run: "local" or e.g. "go1.23.0". */
  toolchain: string;
  /** Its version ("1.26.8"). */
  version: string;
  /** Which line forced a switch, if any. */
  reason?: 'go' | 'toolchain' | 'gotoolchain';
}

/**
 * Which toolchain the go command selects in a module or workspace whose file
 * has the given go / toolchain lines, for GOTOOLCHAIN `setting` and a local go
 * of version `local`.
 */
export function selectToolchain(setting: ToolchainSetting, local: string, goLine?: string, toolchainLine?: string): Selection {
  let toolchain = 'local';
  let version = local;
  let reason: Selection['reason'];
  if (setting.min !== 'local' && fromToolchain(setting.min) !== local) {
    toolchain = setting.min;
    version = fromToolchain(setting.min);
    reason = 'gotoolchain';
  }
  if (setting.mode === 'auto' || setting.mode === 'path') {
    if (toolchainLine && toolchainLine !== 'default') {
      const tv = fromToolchain(toolchainLine);
      if (tv && compareGoVersions(tv, version) > 0) {
        toolchain = toolchainLine;
        version = tv;
        reason = 'toolchain';
      }
    }
    if (toolchainLine !== 'default' && goLine && compareGoVersions(goLine, version) > 0) {
      toolchain = toolchainForGoLine(goLine);
      version = goLine;
      reason = 'go';
    }
  }
  if (toolchain !== 'local' && fromToolchain(toolchain) === local) toolchain = 'local';
  return { toolchain, version, reason };
}

/** The module that holds a downloadable toolchain: golang.org/toolchain@v0.0.1-go1.22.0.linux-amd64. */
export function toolchainModuleVersion(toolchain: string, goos: string, goarch: string): string {
  return `v0.0.1-${toolchain}.${goos}-${goarch}`;
}

/** The go command's own error when the selected toolchain is still too old. */
export function tooNewMessage(file: string, goLine: string, running: string, gotoolchain: string): string {
  const explain = gotoolchain !== '' && gotoolchain !== 'auto' ? `; GOTOOLCHAIN=${gotoolchain}` : '';
  return `go: ${file} requires go >= ${goLine} (running go ${running}${explain})`;
}
