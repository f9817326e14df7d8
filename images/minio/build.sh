#!/usr/bin/env bash
# Builds the static MinIO binary pinned in `version` (CGO_ENABLED=0 go install of the pseudo-version
# through the Go module proxy) into ${FRH_CACHE:-$HOME/.cache/frh}/minio/<version>-<arch>/minio,
# fetches a static busybox (Debian's busybox-static, `apt-get download`) next to it, and prints
# the directory. Cached: nothing is rebuilt when both files exist.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
get() { sed -n "s/^$1=//p" "$here/version" | head -n1; }
module="$(get module)"; version="$(get version)"; release="$(get release)"; busybox_pkg="$(get busybox)"
arch="$(go env GOARCH 2>/dev/null || dpkg --print-architecture)"
out="${FRH_CACHE:-$HOME/.cache/frh}/minio/${version}-${arch}"
mkdir -p "$out"
tmps=()
trap 'rm -rf "${tmps[@]}"' EXIT

if [[ ! -x "$out/minio" ]]; then
  # A Go that can fetch the one MinIO's go.mod asks for (go.sh: the one on PATH, or one from the proxy).
  PATH="$("$here/go.sh"):$PATH"
  # Version stamps as MinIO's own build sets them (buildscripts/gen-ldflags.go).
  t="${release#RELEASE.}"                            # 2025-09-07T16-13-09Z
  rfc3339="${t:0:10}T${t:11:2}:${t:14:2}:${t:17:2}Z"  # 2025-09-07T16:13:09Z
  commit="${version##*-}"                            # 12-hex short commit of the pseudo-version
  pkg="$module/cmd"
  ldflags="-s -w -X $pkg.Version=$rfc3339 -X $pkg.ReleaseTag=$release -X $pkg.CommitID=$commit -X $pkg.ShortCommitID=$commit -X $pkg.CopyrightYear=${t:0:4}"
  tmp="$(mktemp -d "$out/gobin.XXXXXX")"; tmps+=("$tmp")
  CGO_ENABLED=0 GOBIN="$tmp" go install -trimpath -ldflags "$ldflags" "$module@$version" >&2
  mv "$tmp/minio" "$out/minio"
fi

if [[ ! -x "$out/busybox" ]]; then
  tmp="$(mktemp -d "$out/busybox.XXXXXX")"; tmps+=("$tmp")
  (cd "$tmp" && apt-get download "$busybox_pkg" >/dev/null 2>&1) \
    || { echo "minio: 'apt-get download $busybox_pkg' failed (run apt-get update?)" >&2; exit 1; }
  dpkg-deb -x "$tmp"/*.deb "$tmp/x"
  mv "$tmp/x/bin/busybox" "$out/busybox"
fi
echo "$out"
