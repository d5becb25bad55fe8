#!/usr/bin/env bash
# Build the Pulumi CLI (and what the engine tier needs next to it) from the Go
# module proxy at the version matching the pinned @pulumi/pulumi, and cache it.
# Idempotent: a second run with a complete cache takes seconds.
#
#   bash scripts/build-pulumi.sh            # build what is missing
#   PGSEED_CACHE=/some/dir bash scripts/...  # cache elsewhere
#
# Output: $PGSEED_CACHE/pulumi-v$VERSION/bin/{pulumi,pulumi-language-nodejs,...} and the Python
# SDK in $PGSEED_CACHE/venvs/pulumi-v$VERSION
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

# The real Node.js and Python language hosts (github.com/pulumi/pulumi/sdk/nodejs/cmd/
# pulumi-language-nodejs/v3, .../sdk/python/cmd/pulumi-language-python/v3) are nested, untagged
# modules that the Go module proxy refuses at every version ("This module version is not
# available"), so the engine tier builds its own minimal hosts from tests/engine/langhost (our code,
# over sdk/v3 and pkg/v3 at the same version): the Node.js one runs @pulumi/pulumi's cmd/run and
# cmd/run-plugin scripts (programs and source-based plugins such as pgseed's provider/), the
# Python one runs the sdk's pulumi-language-python-exec script and generates and links Python SDKs
# for `pulumi package add`.
build_langhost() {
  local src="$here/tests/engine/langhost" stamp
  stamp="$(cd "$src" && find . -name '*.go' -o -name go.mod -o -name go.sum | sort | xargs cat | sha256sum | cut -c1-16)"
  if [ -x "$BIN/pulumi-language-nodejs" ] && [ -x "$BIN/pulumi-language-python" ] &&
     [ "$(cat "$OUT/langhost.stamp" 2>/dev/null)" = "$stamp" ]; then
    log "pulumi-language-nodejs, pulumi-language-python cached in $BIN"; return 0
  fi
  local t0=$SECONDS lang
  for lang in nodejs python; do
    (cd "$src" && GOWORK=off go build -trimpath -ldflags "-s -w -X main.version=v$VERSION" \
        -o "$BIN/pulumi-language-$lang.tmp" "./$lang")
    mv "$BIN/pulumi-language-$lang.tmp" "$BIN/pulumi-language-$lang"
  done
  echo "$stamp" > "$OUT/langhost.stamp"
  log "pulumi-language-nodejs, pulumi-language-python built in $((SECONDS - t0)) s"
}

# The YAML language host is the real one (github.com/pulumi/pulumi-yaml, cmd/pulumi-language-yaml)
# at a version the proxy serves whose own pkg/v3 pin it also serves: v1.37.0 (the host of CLI
# v3.248) pins pkg v3.247.0, which the proxy refuses, and does not compile against pkg v3.248.0
# (its codegen calls changed); v1.32.0 pins pkg v3.230.0, served. A language host older than the
# CLI is the usual pairing (the CLI's own bundle ships the host of its release month). The go.work
# makes the module-cache copy the main module, so its go.mod pins hold.
YAML_VERSION="${PULUMI_YAML_VERSION:-v1.32.0}"
build_yaml() {
  if [ -x "$BIN/pulumi-language-yaml" ] && [ "$(cat "$OUT/yaml.stamp" 2>/dev/null)" = "$YAML_VERSION" ]; then
    log "pulumi-language-yaml $YAML_VERSION cached at $BIN/pulumi-language-yaml"; return 0
  fi
  local src work t0=$SECONDS
  src="$(moddir github.com/pulumi/pulumi-yaml "$YAML_VERSION")"
  work="$OUT/work-yaml"; rm -rf "$work"; mkdir -p "$work"
  printf 'go %s\n\nuse %s\n' "$(sed -n 's/^go //p' "$src/go.mod")" "$src" > "$work/go.work"
  log "building pulumi-language-yaml $YAML_VERSION (5-10 min on 2 cores the first time)"
  (cd "$work" && GOWORK="$work/go.work" GOFLAGS=-buildvcs=false go build -trimpath \
      -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=$YAML_VERSION" \
      -o "$BIN/pulumi-language-yaml.tmp" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml)
  mv "$BIN/pulumi-language-yaml.tmp" "$BIN/pulumi-language-yaml"
  echo "$YAML_VERSION" > "$OUT/yaml.stamp"
  log "pulumi-language-yaml built in $((SECONDS - t0)) s"
}

# The Python SDK for the engine tier's Python programs: the `pulumi` PyPI package at the CLI's
# version, with what SDKs generated by `pulumi package add` import (parver) and build with (wheel),
# in a virtualenv of its own; a program's virtualenv links it (tests/engine/multilangPython).
PY_VENV="$CACHE/venvs/pulumi-v$VERSION"
install_python_sdk() {
  local want="pulumi==$VERSION parver==1.0.1.post0 wheel==0.48.0"
  if [ -x "$PY_VENV/bin/python" ] && [ "$(cat "$PY_VENV/pgseed.stamp" 2>/dev/null)" = "$want" ]; then
    log "pulumi $VERSION (Python) cached in $PY_VENV"; return 0
  fi
  local t0=$SECONDS
  rm -rf "$PY_VENV"
  python3 -m venv "$PY_VENV"
  # shellcheck disable=SC2086 # $want is a list of requirements
  "$PY_VENV/bin/pip" install --quiet --disable-pip-version-check $want
  echo "$want" > "$PY_VENV/pgseed.stamp"
  log "pulumi $VERSION (Python) installed in $PY_VENV in $((SECONDS - t0)) s"
}

# Scripts that ship in the sdk/v3 module: pulumi-resource-pulumi-nodejs (nodejs/dist) starts
# @pulumi/pulumi's dynamic-provider host for dynamic resources (SeedDump); the Python host runs
# programs with pulumi-language-python-exec (python/cmd).
install_sdk_scripts() {
  local sdk
  [ -x "$BIN/pulumi-resource-pulumi-nodejs" ] && [ -x "$BIN/pulumi-language-python-exec" ] && return 0
  sdk="$(moddir github.com/pulumi/pulumi/sdk/v3 "v$VERSION")"
  install -m 0755 "$sdk/nodejs/dist/pulumi-resource-pulumi-nodejs" "$BIN/pulumi-resource-pulumi-nodejs"
  install -m 0755 "$sdk/python/cmd/pulumi-language-python-exec" "$BIN/pulumi-language-python-exec"
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
  yaml) build_yaml ;;
  python) install_python_sdk ;;
  all) build_cli; build_langhost; build_yaml; install_sdk_scripts; install_python_sdk
       ls -l "$BIN" >&2 ;;
  *) echo "usage: build-pulumi.sh [all|cli|langhost|yaml|python]" >&2; exit 2 ;;
esac
