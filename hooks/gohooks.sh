#!/bin/sh
# gohooks hook runner, installed by `npx gohooks install` (remove it with
# `npx gohooks uninstall`). POSIX sh: runs under Git for Windows' sh too.
#
#   gohooks.sh [--bin PATH] [--chain FILE | --chain-git-hooks] <hook> [git hook arguments]
#
# --bin PATH   gohooks to try first, relative to the repository root
# --chain FILE run FILE first when it exists (a hook that core.hooksPath would
#              hide, or the hook this one replaced); its failure stops here
# --chain-git-hooks  the same for the hook in the git directory's own hooks/,
#              which husky's core.hooksPath hides
#
# Fast path: for pre-commit and pre-merge-commit, one `git diff --cached`
# decides; when no go.mod, go.sum, go.work, go.work.sum or .go file is staged,
# it exits without starting node.

bin=
chain=
chain_git_hooks=
while :; do
  case "${1-}" in
    --bin) bin=$2; shift 2 ;;
    --chain) chain=$2; shift 2 ;;
    --chain-git-hooks) chain_git_hooks=1; shift ;;
    *) break ;;
  esac
done
hook=${1:?gohooks.sh: which hook?}
shift

if [ -n "$chain_git_hooks" ]; then
  # Hooks run at the top of the work tree; only a linked worktree or a
  # submodule (.git is a file there) needs git to find the common directory.
  if [ -d .git ]; then
    chain=.git/hooks/$hook
  else
    chain=$(git rev-parse --git-common-dir)/hooks/$hook
  fi
fi

# git passes pre-push its refs on stdin: keep them for every consumer.
input=
if [ "$hook" = pre-push ]; then
  input=$(cat)
fi

if [ -n "$chain" ] && [ -x "$chain" ]; then
  if [ "$hook" = pre-push ]; then
    printf '%s\n' "$input" | "$chain" "$@" || exit $?
  else
    "$chain" "$@" || exit $?
  fi
fi

[ "${GOHOOKS-}" = 0 ] && exit 0
# In CI, run `gohooks verify` as a step instead (GOHOOKS_IN_CI=1 keeps the hooks on).
[ "${CI-}" = true ] && [ "${GOHOOKS_IN_CI-}" != 1 ] && exit 0

case "$hook" in
  pre-commit | pre-merge-commit)
    # One git process, no pipes: exit status 0 means none of these is staged
    # (any file name, spaces and newlines included).
    git diff --cached --quiet -- ':(glob)**/*.go' ':(glob)**/go.mod' ':(glob)**/go.sum' \
      ':(glob)**/go.work' ':(glob)**/go.work.sum' 2>/dev/null && exit 0
    ;;
esac

# GUI git clients often run hooks with a minimal PATH: ~/.config/gohooks/init.sh
# is the one place to fix it (nvm, asdf, volta, Homebrew …).
init="${XDG_CONFIG_HOME:-$HOME/.config}/gohooks/init.sh"
# shellcheck disable=SC1090
[ -f "$init" ] && . "$init"

# Exported so that gohooks need not ask git again (one process less on every commit).
if root=$(git rev-parse --show-toplevel 2>/dev/null); then
  GOHOOKS_TOPLEVEL=$root
  export GOHOOKS_TOPLEVEL
else
  root=.
  unset GOHOOKS_TOPLEVEL
fi
if [ -n "$bin" ] && [ -x "$root/$bin" ]; then
  set -- "$root/$bin" run "$hook" "$@"
elif [ -x "$root/node_modules/.bin/gohooks" ]; then
  set -- "$root/node_modules/.bin/gohooks" run "$hook" "$@"
elif command -v gohooks >/dev/null 2>&1; then
  set -- gohooks run "$hook" "$@"
# npx finds gohooks in a parent's node_modules, the global prefix or npx's own
# cache (`npx gohooks install`); --offline: without it npm asks the registry
# about a package it does not find, and a hook never reaches the network.
elif command -v npx >/dev/null 2>&1 && npx --offline --no-install gohooks --version </dev/null >/dev/null 2>&1; then
  set -- npx --offline --no-install gohooks run "$hook" "$@"
else
  # Deliberate default: a teammate without gohooks is warned, not blocked
  # ("missingTool": "fail" in gohooks.json blocks instead).
  echo "gohooks: not found (npm i -D gohooks, or npm i -g gohooks; PATH fixes go in $init); Go checks skipped" >&2
  if grep -Eqs '"missingTool"[[:space:]]*:[[:space:]]*"fail"' "$root/gohooks.json" "$root/.gohooks.json" "$root/package.json"; then
    exit 1
  fi
  exit 0
fi

if [ "$hook" = pre-push ]; then
  printf '%s\n' "$input" | "$@"
else
  "$@"
fi
