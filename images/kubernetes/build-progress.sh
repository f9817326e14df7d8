#!/usr/bin/env bash
# Runs build.sh (the local cluster's binaries from source) and says what it builds, step k of n,
# with about how long a cold build takes, and every 60 s that it is still at it: a cold build
# otherwise prints only Go's download lines for a quarter of an hour (seen by a new user: 18 min).
# build.sh itself stays as it is: its own hash keys the cache of the binaries, so changing it would
# rebuild Kubernetes everywhere. stdout, stderr and the exit code are build.sh's; our lines go to stderr.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
get() { sed -n "s/^$1=//p" "$here/version"; }
kubernetes=$(get kubernetes); etcd=$(get etcd); coredns=$(get coredns)
# Where build.sh puts the binaries (the same computation as in build.sh): their appearance tells the step.
hash=$(cat "$here/build.sh" "$here/version" | sha256sum | cut -c1-12)
bin=${FRH_CACHE:-$HOME/.cache/frh}/kubernetes/$kubernetes-$hash/bin
say() { echo "[kubernetes] $*" >&2; }
interval=${FRH_HEARTBEAT_SECONDS:-60}

complete() { for b in kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl etcd coredns; do [[ -x "$bin/$b" ]] || return 1; done; }
if complete; then exec "$here/build.sh"; fi

# The step build.sh is at: Go writes each step's binaries when that step ends.
current_step() {
  if [[ -x $bin/etcd ]]; then echo "3 compiling CoreDNS $coredns"
  elif [[ -x $bin/kube-apiserver ]]; then echo "2 compiling etcd $etcd"
  else echo "1 downloading and compiling Kubernetes $kubernetes (kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, kube-proxy, kubectl)"
  fi
}
describe_step() { # NUMBER
  case "$1" in
    1) echo "most of the 12-25 min a cold 2-core machine takes for all three steps, cached after" ;;
    *) echo "part of the 12-25 min in all on a cold 2-core machine, cached after" ;;
  esac
}

say "building the local cluster's binaries from source into $bin: about 12-25 min on a cold 2-core machine (12.5 measured here on 8 Dec), once (cached after)"
started=$(date +%s)
"$here/build.sh" &
build=$!
trap 'kill "$build" 2>/dev/null' INT TERM
announced=0
elapsed=0
while kill -0 "$build" 2>/dev/null; do
  read -r number what <<<"$(current_step)"
  if ((number > announced)); then
    say "step $number of 3: $what ($(describe_step "$number"))"
    announced=$number
  fi
  # Sleep in short slices so the build's end is noticed at once, not up to a minute later.
  for ((slept = 0; slept < interval; slept++)); do kill -0 "$build" 2>/dev/null || break; sleep 1; done
  kill -0 "$build" 2>/dev/null || break
  elapsed=$(( ($(date +%s) - started) / 60 ))
  read -r number what <<<"$(current_step)"
  ((number > announced)) || say "still ${what%% (*}, ${elapsed}m elapsed"
done
rc=0
wait "$build" || rc=$?
exit "$rc"
