#!/usr/bin/env bash
# Build the Pulumi CLI (and what the engine tier needs next to it) from the Go
# module proxy at the version matching the pinned @pulumi/pulumi, and cache it.
# Idempotent: a second run with a complete cache takes seconds.
#
#   bash scripts/build-pulumi.sh            # build what is missing
#   PGSEED_CACHE=/some/dir bash scripts/...  # cache elsewhere
#
# Output: $PGSEED_CACHE/pulumi-v$VERSION/bin/{pulumi,pulumi-language-nodejs,...}
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
VERSION="${PULUMI_VERSION:-$(node -p "require('$here/node_modules/@pulumi/pulumi/package.json').version" 2>/dev/null || echo 3.248.0)}"
CACHE="${PGSEED_CACHE:-$HOME/.cache/pgseed}"
OUT="$CACHE/pulumi-v$VERSION"
BIN="$OUT/bin"
mkdir -p "$BIN"

export CGO_ENABLED=0 GOFLAGS="-mod=mod -buildvcs=false" GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
ldver="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$VERSION"

log() { echo "build-pulumi: $*" >&2; }

# Module dir in the module cache (downloads it if needed).
moddir() {
  go mod download -json "$1@$2" | node -e '
    let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);
    if(j.Error){console.error(j.Error);process.exit(1)}console.log(j.Dir)})'
}

# pkg/v3's go.mod says `replace github.com/pulumi/pulumi/sdk/v3 => ../sdk`: a
# go.work that uses the module-cache copy of pkg and replaces sdk with the
# module-cache copy of sdk makes that replace resolve.
build_cli() {
  if [ -x "$BIN/pulumi" ] && "$BIN/pulumi" version >/dev/null 2>&1; then
    log "pulumi v$VERSION cached at $BIN/pulumi"; return 0
  fi
  local sdk pkg work t0
  sdk="$(moddir github.com/pulumi/pulumi/sdk/v3 "v$VERSION")"
  pkg="$(moddir github.com/pulumi/pulumi/pkg/v3 "v$VERSION")"
  work="$OUT/work-cli"; rm -rf "$work"; mkdir -p "$work"
  # A go.work replace wins over the replace in pkg's own go.mod.
  printf 'go %s\n\nuse %s\n\nreplace github.com/pulumi/pulumi/sdk/v3 => %s\n' \
    "$(sed -n 's/^go //p' "$pkg/go.mod")" "$pkg" "$sdk" > "$work/go.work"
  t0=$SECONDS
  log "building pulumi v$VERSION (10-25 min on 2 cores)"
  # go.work mode resolves the workspace's module graph; the module cache copies
  # are read-only, which go build does not mind.
  (cd "$work" && GOWORK="$work/go.work" GOFLAGS=-buildvcs=false go build -trimpath \
      -ldflags "-s -w $ldver" -o "$BIN/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
  mv "$BIN/pulumi.tmp" "$BIN/pulumi"
  log "pulumi built in $((SECONDS - t0)) s"
}

# The real Node.js language host (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3)
# is a nested, untagged module that the Go module proxy refuses at every version ("This module
# version is not available"), so the engine tier builds its own minimal host from
# tests/engine/langhost (our code, over sdk/v3 at the same version): it runs @pulumi/pulumi's
# cmd/run script with the engine's arguments.
build_langhost() {
  local src="$here/tests/engine/langhost" stamp
  stamp="$(cat "$src/main.go" "$src/go.mod" "$src/go.sum" | sha256sum | cut -c1-16)"
  if [ -x "$BIN/pulumi-language-nodejs" ] && [ "$(cat "$OUT/langhost.stamp" 2>/dev/null)" = "$stamp" ]; then
    log "pulumi-language-nodejs cached at $BIN/pulumi-language-nodejs"; return 0
  fi
  local t0=$SECONDS
  (cd "$src" && GOWORK=off go build -trimpath -ldflags "-s -w -X main.version=v$VERSION" \
      -o "$BIN/pulumi-language-nodejs.tmp" .)
  mv "$BIN/pulumi-language-nodejs.tmp" "$BIN/pulumi-language-nodejs"
  echo "$stamp" > "$OUT/langhost.stamp"
  log "pulumi-language-nodejs built in $((SECONDS - t0)) s"
}

# Dynamic providers (SeedDump) run through pulumi-resource-pulumi-nodejs, a shell script that
# ships in the sdk/v3 module (nodejs/dist) and starts @pulumi/pulumi's dynamic-provider host.
install_dynamic_provider() {
  local sdk
  [ -x "$BIN/pulumi-resource-pulumi-nodejs" ] && return 0
  sdk="$(moddir github.com/pulumi/pulumi/sdk/v3 "v$VERSION")"
  install -m 0755 "$sdk/nodejs/dist/pulumi-resource-pulumi-nodejs" "$BIN/pulumi-resource-pulumi-nodejs"
}

# Provider plugins of the example stacks. Each is a bridged Terraform provider whose provider
# module the Go module proxy refuses (403 "This module version is not available", also for the
# version list), so none can be built here; the engine tier says so where a stack needs one.
#   random  github.com/pulumi/pulumi-random/provider/v4@v4.21.2
#   docker  github.com/pulumi/pulumi-docker/provider/v4@v4.11.2
#   github  github.com/pulumi/pulumi-github/provider/v6@v6.15.0
# A plugin binary from elsewhere is used when installed with
#   pulumi plugin install resource random 4.21.2 --file <binary>

case "${1:-all}" in
  cli) build_cli ;;
  langhost) build_langhost ;;
  all) build_cli; build_langhost; install_dynamic_provider
       ls -l "$BIN" >&2 ;;
  *) echo "usage: build-pulumi.sh [all|cli|langhost]" >&2; exit 2 ;;
esac
