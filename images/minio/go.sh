#!/usr/bin/env bash
# Prints the directory of a Go command that can build MinIO. Go 1.21+ fetches the Go that MinIO's
# go.mod asks for by itself (GOTOOLCHAIN=auto), so the Go on PATH is used when it is 1.21 or newer.
# An older one (Debian bookworm's golang-go is 1.19) cannot: Go is then taken from the Go module
# proxy the way 1.21+ would take it (module golang.org/toolchain), into
# ${FRH_CACHE:-$HOME/.cache/frh}/go/<version>.linux-<arch>, once.
set -euo pipefail
toolchain=go1.24.6

at_least_1_21() { # version without "go"
  [[ "$(printf '%s\n' "$1" 1.21 | sort -V | head -n1)" == 1.21 ]]
}

if command -v go >/dev/null; then
  found="$(go env GOVERSION 2>/dev/null || true)"
  if [[ -n "$found" ]] && at_least_1_21 "${found#go}"; then dirname "$(command -v go)"; exit 0; fi
fi

arch="$(dpkg --print-architecture 2>/dev/null || uname -m)"
case "$arch" in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; esac
dir="${FRH_CACHE:-$HOME/.cache/frh}/go/$toolchain.linux-$arch"
if [[ ! -x "$dir/bin/go" ]]; then
  echo "minio: ${found:-no Go} on PATH is older than go1.21; taking $toolchain from the Go module proxy" >&2
  proxy="$( (go env GOPROXY 2>/dev/null || echo "${GOPROXY:-}") | tr ',|' '\n\n' | grep -m1 '^http' || echo https://proxy.golang.org)"
  name="v0.0.1-$toolchain.linux-$arch"
  work="$(mktemp -d "${TMPDIR:-/tmp}/frh-go.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  curl -fsSL "$proxy/golang.org/toolchain/@v/$name.zip" -o "$work/go.zip" \
    || { echo "minio: could not fetch golang.org/toolchain@$name from $proxy" >&2; exit 1; }
  if command -v unzip >/dev/null; then unzip -q "$work/go.zip" -d "$work/x"
  elif command -v busybox >/dev/null; then mkdir -p "$work/x" && busybox unzip -q "$work/go.zip" -d "$work/x"
  else python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$work/go.zip" "$work/x"
  fi
  # Module zips keep no file modes.
  chmod +x "$work/x/golang.org/toolchain@$name"/bin/* "$work/x/golang.org/toolchain@$name"/pkg/tool/*/*
  mkdir -p "$(dirname "$dir")"
  rm -rf "$dir" && mv "$work/x/golang.org/toolchain@$name" "$dir"
fi
echo "$dir/bin"
