#!/usr/bin/env bash
# Builds the local cluster's binaries from source through the Go module proxy: the Kubernetes
# components (from k8s.io/kubernetes and its k8s.io/* staging modules), etcd and CoreDNS.
# containerd, runc and the CNI plugins come from Debian. Output: a folder keyed by version and by
# the hash of this script, printed on stdout; an existing complete folder is reused.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
get() { sed -n "s/^$1=//p" "$here/version"; }
kubernetes=$(get kubernetes); etcd=$(get etcd); coredns=$(get coredns)
hash=$(cat "$here/build.sh" "$here/version" | sha256sum | cut -c1-12)
cache=${FRH_CACHE:-$HOME/.cache/frh}
out="$cache/kubernetes/$kubernetes-$hash"
bins=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl etcd coredns)
say() { echo "[kubernetes] $*" >&2; }

complete() { for b in "${bins[@]}"; do [[ -x "$out/bin/$b" ]] || return 1; done; }
if complete; then say "binaries up to date in $out/bin"; echo "$out/bin"; exit 0; fi

export GOFLAGS=-mod=mod GOTOOLCHAIN=${GOTOOLCHAIN:-auto} CGO_ENABLED=0
mkdir -p "$out/bin" "$cache/kubernetes/src"
work=$(mktemp -d "$cache/kubernetes/src/build.XXXXXX"); trap 'rm -rf "$work"' EXIT
timed() { local start=$SECONDS; "$@"; say "$1 ${2:-} took $((SECONDS - start)) s"; }

# k8s.io/kubernetes points its staging modules at ./staging/src: a dependent module must name
# each one's published v0.X.Y instead.
build_kubernetes() {
  local minor=${kubernetes#v1.} mod
  mod=$(go mod download -json "k8s.io/kubernetes@$kubernetes" | sed -n 's/.*"GoMod": "\(.*\)",*/\1/p')
  mkdir -p "$work/k8s" && cd "$work/k8s"
  {
    echo "module frh.local/kubernetes-build"
    echo "go 1.24.0"
    echo "require k8s.io/kubernetes $kubernetes"
    grep -E '^\s+k8s.io/[a-z-]+ => ./staging' "$mod" | awk -v v="v0.$minor" '{print "replace " $1 " => " $1 " " v}'
  } > go.mod
  echo 'package tools' > tools.go
  local version_flags="-X k8s.io/component-base/version.gitVersion=$kubernetes -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=${minor%%.*} -X k8s.io/client-go/pkg/version.gitVersion=$kubernetes"
  go mod download k8s.io/kubernetes
  go build -trimpath -ldflags "-s -w $version_flags" -o "$out/bin/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler \
    k8s.io/kubernetes/cmd/kubelet k8s.io/kubernetes/cmd/kube-proxy k8s.io/kubernetes/cmd/kubectl
}

build_module_main() { # name module version package
  mkdir -p "$work/$1" && cd "$work/$1"
  printf 'module frh.local/%s-build\ngo 1.24.0\nrequire %s %s\n' "$1" "$2" "$3" > go.mod
  go build -trimpath -ldflags "-s -w" -o "$out/bin/$1" "$4"
}

# CoreDNS with only the plugins the local cluster's Corefile (scripts/local-cluster.sh) names, the way
# CoreDNS documents for a trimmed build (coredns.io, "compile time enabling or disabling plugins"): its
# own main imports every plugin, among them the cloud providers' SDKs, most of its cold compile.
# A unit test (test/unit/scripts/kubernetes-build.test.ts) keeps this list and the Corefile in step.
coredns_plugins=(errors health ready kubernetes cache loop loadbalance)
build_coredns() {
  mkdir -p "$work/coredns" && cd "$work/coredns"
  printf 'module frh.local/coredns-build\ngo 1.24.0\nrequire github.com/coredns/coredns %s\n' "$coredns" > go.mod
  {
    echo 'package main'
    echo 'import ('
    echo '  "github.com/coredns/coredns/core/dnsserver"'
    echo '  "github.com/coredns/coredns/coremain"'
    printf '  _ "github.com/coredns/coredns/plugin/%s"\n' "${coredns_plugins[@]}"
    echo ')'
    # CoreDNS's own order of its directives (it decides the plugin chain), kept for the plugins built in.
    echo 'func init() {'
    echo '  built := map[string]bool{}'
    printf '  built["%s"] = true\n' "${coredns_plugins[@]}"
    echo '  kept := []string{}'
    echo '  for _, d := range dnsserver.Directives { if built[d] { kept = append(kept, d) } }'
    echo '  dnsserver.Directives = kept'
    echo '}'
    echo 'func main() { coremain.Run() }'
  } > main.go
  go build -trimpath -ldflags "-s -w" -o "$out/bin/coredns" .
}

timed build_kubernetes
timed build_module_main etcd go.etcd.io/etcd/server/v3 "$etcd" go.etcd.io/etcd/server/v3
timed build_coredns
complete || { say "build finished but binaries are missing in $out/bin"; exit 1; }
say "binaries in $out/bin"
echo "$out/bin"
