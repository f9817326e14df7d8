#!/usr/bin/env bash
# Prints the path of a Helm binary: the one on PATH, else Helm built from the Go module proxy with the
# Go the repository's image builds use (images/minio/go.sh), cached in
# ${FRH_CACHE:-$HOME/.cache/frh}/helm/<version>/bin/helm. Measured here: 6 min cold on 2 cores.
set -euo pipefail
version=${FRH_HELM_VERSION:-v3.22.1}
if [ -z "${FRH_HELM_BUILD:-}" ] && command -v helm >/dev/null; then command -v helm; exit 0; fi
bin="${FRH_CACHE:-$HOME/.cache/frh}/helm/$version/bin"
if [ ! -x "$bin/helm" ]; then
  here=$(cd "$(dirname "$0")" && pwd)
  go_dir=$("$here/../../../images/minio/go.sh")
  mkdir -p "$bin"
  echo "helm: building helm.sh/helm/v3/cmd/helm@$version from the Go module proxy into $bin" >&2
  GOFLAGS=-mod=mod GOBIN="$bin" CGO_ENABLED=0 GOTOOLCHAIN=${GOTOOLCHAIN:-auto} "$go_dir/go" install -trimpath \
    -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$version" "helm.sh/helm/v3/cmd/helm@$version" >&2
fi
echo "$bin/helm"
