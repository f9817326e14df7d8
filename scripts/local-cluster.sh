#!/usr/bin/env bash
# A single-node Kubernetes built from source, run as host processes (like Kubernetes'
# hack/local-up-cluster.sh), everything under one data directory of its own:
#   scripts/local-cluster.sh up | down | status | kubeconfig | load-image IMAGE...
# `down` removes every process, mount, network namespace, bridge and iptables chain that `up`
# created, and nothing else (Docker's containers, chains and containerd are left alone).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
STATE=${FRH_STATE:-$HOME/.local/state/frh}/local-cluster
NODE=frh-local
BRIDGE=frhcni0
NODE_IP=10.244.0.1          # the bridge's own address: apiserver, kubelet and pods meet there
POD_CIDR=10.244.0.0/24
SERVICE_CIDR=10.96.0.0/16
API_SERVICE_IP=10.96.0.1
DNS_IP=10.96.0.10
SOCK=$STATE/containerd/containerd.sock
RUNC_ROOT=$STATE/runc
PAUSE_IMAGE=frh.local/pause:1
COREDNS_IMAGE=frh.local/coredns:1
CHAIN=FRH-LOCAL-CLUSTER
# Where the controller-manager's hostPath provisioner puts volumes (fixed by Kubernetes; its deleter
# only removes paths under /tmp).
HOSTPATH_PV=/tmp/hostpath_pv
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler containerd kubelet kube-proxy)

say() { echo "[local-cluster] $*" >&2; }
die() { say "$*"; exit 1; }
kubectl() { "$BIN/kubectl" --kubeconfig "$STATE/admin.kubeconfig" "$@"; }

# A pid file holds "pid start-time boot-id": a pid alone may, after a reboot (or a machine restored
# from a snapshot of a running cluster) or a crash, name somebody else's process, which must never
# be taken for ours, let alone killed.
boot_id() { cat /proc/sys/kernel/random/boot_id; }
start_time() { # pid: the process's start time in clock ticks since boot (field 22 of /proc/PID/stat)
  local stat; stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }  # the command name, field 2, may hold spaces and parentheses
  set -- $stat; echo "${20}"
}
pid_alive() {
  local file="$STATE/pids/$1" pid started boot
  [[ -f $file ]] || return 1
  read -r pid started boot <"$file" || true
  [[ -n ${boot:-} && $boot == "$(boot_id)" && -n ${started:-} && $(start_time "$pid") == "$started" ]]
}
running() { for c in "${COMPONENTS[@]}"; do pid_alive "$c" || return 1; done; }
leftover() { compgen -G "$STATE/pids/*" >/dev/null; }

start() { # name command...: starts a component in the background, logging to logs/<name>.log
  local name=$1; shift
  pid_alive "$name" && return 0
  setsid "$@" >"$STATE/logs/$name.log" 2>&1 < /dev/null &
  echo "$! $(start_time $! || echo gone) $(boot_id)" >"$STATE/pids/$name"
}

wait_until() { # description seconds command...
  local what=$1 seconds=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [[ $SECONDS -lt $deadline ]] || die "timed out after ${seconds} s waiting for $what (logs: $STATE/logs)"
    for c in "${COMPONENTS[@]}"; do
      if [[ -f "$STATE/pids/$c" ]] && ! pid_alive "$c"; then die "$c exited: $(tail -n 3 "$STATE/logs/$c.log" | tr '\n' ' ') (log: $STATE/logs/$c.log)"; fi
    done
    sleep 1
  done
}

cert() { # name subject [san]: a key and a certificate signed by the cluster CA
  local name=$1 subject=$2 san=${3:-}
  [[ -f "$STATE/pki/$name.crt" ]] && return 0
  openssl genrsa -out "$STATE/pki/$name.key" 2048 2>/dev/null
  openssl req -new -key "$STATE/pki/$name.key" -subj "$subject" -out "$STATE/pki/$name.csr" 2>/dev/null
  local ext="$STATE/pki/$name.ext"
  { echo "basicConstraints=CA:FALSE"; echo "keyUsage=critical,digitalSignature,keyEncipherment"; echo "extendedKeyUsage=serverAuth,clientAuth"; [[ -n $san ]] && echo "subjectAltName=$san"; } >"$ext"
  openssl x509 -req -in "$STATE/pki/$name.csr" -CA "$STATE/pki/ca.crt" -CAkey "$STATE/pki/ca.key" -CAcreateserial -days 3650 -extfile "$ext" -out "$STATE/pki/$name.crt" 2>/dev/null
}

kubeconfig_for() { # name cert
  local file="$STATE/$1.kubeconfig"
  cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: frh-local
  cluster: {server: "https://$NODE_IP:6443", certificate-authority: "$STATE/pki/ca.crt"}
users:
- name: $1
  user: {client-certificate: "$STATE/pki/$2.crt", client-key: "$STATE/pki/$2.key"}
contexts:
- name: frh-local
  context: {cluster: frh-local, user: $1}
current-context: frh-local
EOF
}

# Everything the host had before `up`, so `down` removes only what came after.
record_host() {
  [[ -f "$STATE/host/netns" ]] && return 0
  mkdir -p "$STATE/host"
  (ip netns list 2>/dev/null | awk '{print $1}' | sort) >"$STATE/host/netns"
  for table in filter nat mangle; do iptables -t "$table" -S 2>/dev/null | awk '$1 == "-N" {print $2}' | sort >"$STATE/host/chains-$table"; done
  [[ -e $HOSTPATH_PV ]] || touch "$STATE/host/hostpath-pv-created"
}

pki() {
  mkdir -p "$STATE/pki"
  if [[ ! -f "$STATE/pki/ca.crt" ]]; then
    openssl genrsa -out "$STATE/pki/ca.key" 2048 2>/dev/null
    openssl req -x509 -new -key "$STATE/pki/ca.key" -subj "/CN=frh-local-ca" -days 3650 -out "$STATE/pki/ca.crt" 2>/dev/null
  fi
  cert apiserver "/CN=kube-apiserver" "IP:$NODE_IP,IP:$API_SERVICE_IP,IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  cert admin "/O=system:masters/CN=frh-admin"
  cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client"
  cert controller-manager "/CN=system:kube-controller-manager"
  cert scheduler "/CN=system:kube-scheduler"
  cert kube-proxy "/CN=system:kube-proxy"
  cert kubelet "/O=system:nodes/CN=system:node:$NODE" "IP:$NODE_IP,DNS:$NODE"
  [[ -f "$STATE/pki/sa.key" ]] || { openssl genrsa -out "$STATE/pki/sa.key" 2048 2>/dev/null; openssl rsa -in "$STATE/pki/sa.key" -pubout -out "$STATE/pki/sa.pub" 2>/dev/null; }
  kubeconfig_for admin admin
  kubeconfig_for controller-manager controller-manager
  kubeconfig_for scheduler scheduler
  kubeconfig_for kube-proxy kube-proxy
  kubeconfig_for kubelet kubelet
}

network() {
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
    ip addr add "$NODE_IP/24" dev "$BRIDGE"
  fi
  ip link set "$BRIDGE" up
  mkdir -p "$STATE/cni"
  cat >"$STATE/cni/10-frh.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "frh-local",
  "plugins": [
    {"type": "bridge", "bridge": "$BRIDGE", "isGateway": true, "ipMasq": false, "hairpinMode": true,
     "ipam": {"type": "host-local", "ranges": [[{"subnet": "$POD_CIDR", "gateway": "$NODE_IP"}]], "routes": [{"dst": "0.0.0.0/0"}], "dataDir": "$STATE/cni/ipam"}},
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
EOF
  # Docker sets the FORWARD policy to DROP: let the cluster's bridge forward, in a chain of our own.
  # Pods talk to each other and to this host, never beyond: a packet for a Service without
  # endpoints (MinIO scaled to zero) is not rewritten by kube-proxy and would otherwise leave by
  # the default route, where whatever answers it (on one machine, a proxy replying 404 to every
  # request) becomes the pooled connection a client keeps using after the Service is back.
  iptables -N "$CHAIN" 2>/dev/null || true
  iptables -C "$CHAIN" -i "$BRIDGE" ! -o "$BRIDGE" -j REJECT 2>/dev/null || iptables -I "$CHAIN" 1 -i "$BRIDGE" ! -o "$BRIDGE" -j REJECT
  iptables -C "$CHAIN" -i "$BRIDGE" -j ACCEPT 2>/dev/null || iptables -A "$CHAIN" -i "$BRIDGE" -j ACCEPT
  iptables -C "$CHAIN" -o "$BRIDGE" -j ACCEPT 2>/dev/null || iptables -A "$CHAIN" -o "$BRIDGE" -j ACCEPT
  iptables -C FORWARD -j "$CHAIN" 2>/dev/null || iptables -I FORWARD 1 -j "$CHAIN"
  sysctl -qw net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1 2>/dev/null || true
}

containerd_config() {
  mkdir -p "$STATE/containerd/root" "$STATE/containerd/state" "$RUNC_ROOT"
  cat >"$STATE/containerd/config.toml" <<EOF
version = 2
root = "$STATE/containerd/root"
state = "$STATE/containerd/state"
disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs"]
[grpc]
  address = "$SOCK"
[ttrpc]
  address = "$SOCK.ttrpc"
[debug]
  address = ""
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  # Lowering oom_score_adj (the kubelet asks -998 for sandboxes) needs CAP_SYS_RESOURCE, which
  # this machine's capability bounding set lacks: keep it at containerd's own value instead.
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "$RUNC_ROOT"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$STATE/cni"
[plugins."io.containerd.internal.v1.opt"]
  path = "$STATE/containerd/opt"
EOF
}

kubelet_config() {
  mkdir -p "$STATE/kubelet"
  cat >"$STATE/kubelet-config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
port: 10250
cgroupDriver: cgroupfs
failCgroupV1: false
failSwapOn: false
containerRuntimeEndpoint: unix://$SOCK
clusterDNS: [$DNS_IP]
clusterDomain: cluster.local
podCIDR: $POD_CIDR
resolvConf: ""
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: false}
  x509: {clientCAFile: "$STATE/pki/ca.crt"}
authorization: {mode: AlwaysAllow}
tlsCertFile: "$STATE/pki/kubelet.crt"
tlsPrivateKeyFile: "$STATE/pki/kubelet.key"
evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%", nodefs.inodesFree: "1%"}
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
hairpinMode: hairpin-veth
serializeImagePulls: false
EOF
}

images() { # the sandbox (pause) image and CoreDNS, built locally and imported into our containerd
  local dir="$STATE/image-build"; mkdir -p "$dir/pause" "$dir/coredns"
  local busybox; busybox=$(busybox_binary)
  cp "$busybox" "$dir/pause/busybox"
  printf 'FROM scratch\nCOPY busybox /busybox\nENTRYPOINT ["/busybox", "sleep", "2147483647"]\n' >"$dir/pause/Dockerfile"
  cp "$BIN/coredns" "$dir/coredns/coredns"
  printf 'FROM scratch\nCOPY coredns /coredns\nENTRYPOINT ["/coredns"]\n' >"$dir/coredns/Dockerfile"
  docker build -q -t "$PAUSE_IMAGE" "$dir/pause" >/dev/null
  docker build -q -t "$COREDNS_IMAGE" "$dir/coredns" >/dev/null
  load_images "$PAUSE_IMAGE" "$COREDNS_IMAGE"
}

busybox_binary() {
  local cached="${FRH_CACHE:-$HOME/.cache/frh}/kubernetes/busybox"
  if [[ ! -x $cached ]]; then
    local tmp; tmp=$(mktemp -d)
    (cd "$tmp" && apt-get download busybox-static >/dev/null 2>&1) || die "apt-get download busybox-static failed"
    dpkg-deb -x "$tmp"/busybox-static_*.deb "$tmp/x"
    mkdir -p "$(dirname "$cached")"; cp "$tmp/x/bin/busybox" "$cached"; rm -rf "$tmp"
  fi
  echo "$cached"
}

load_images() {
  local present; present=$(ctr --address "$SOCK" -n k8s.io images ls -q 2>/dev/null || true)
  for image in "$@"; do
    # Tags carry a hash of their inputs, so a present tag is the same image.
    if grep -qxF -e "$image" -e "docker.io/$image" <<<"$present"; then continue; fi
    docker image inspect "$image" >/dev/null 2>&1 || die "image $image is not in the local Docker engine"
    docker save "$image" | ctr --address "$SOCK" -n k8s.io images import - >/dev/null
  done
}

coredns() {
  kubectl apply -f - >/dev/null <<EOF
apiVersion: v1
kind: ServiceAccount
metadata: {name: coredns, namespace: kube-system}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "system:coredns"}
rules:
- apiGroups: [""]
  resources: [endpoints, services, pods, namespaces]
  verbs: [list, watch]
- apiGroups: [discovery.k8s.io]
  resources: [endpointslices]
  verbs: [list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "system:coredns"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:coredns"}
subjects: [{kind: ServiceAccount, name: coredns, namespace: kube-system}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: coredns, namespace: kube-system}
data:
  Corefile: |
    .:53 {
        errors
        health :8080
        ready :8181
        kubernetes cluster.local in-addr.arpa ip6.arpa {
            pods insecure
            fallthrough in-addr.arpa ip6.arpa
        }
        cache 30
        loop
        loadbalance
    }
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  replicas: 1
  selector: {matchLabels: {k8s-app: kube-dns}}
  template:
    metadata: {labels: {k8s-app: kube-dns}}
    spec:
      serviceAccountName: coredns
      dnsPolicy: Default
      containers:
      - name: coredns
        image: $COREDNS_IMAGE
        imagePullPolicy: Never
        args: [-conf, /etc/coredns/Corefile]
        volumeMounts: [{name: config, mountPath: /etc/coredns, readOnly: true}]
        ports: [{containerPort: 53, protocol: UDP, name: dns}, {containerPort: 53, protocol: TCP, name: dns-tcp}]
        readinessProbe: {httpGet: {path: /ready, port: 8181}, periodSeconds: 2}
        livenessProbe: {httpGet: {path: /health, port: 8080}, periodSeconds: 10}
      volumes: [{name: config, configMap: {name: coredns}}]
---
apiVersion: v1
kind: Service
metadata: {name: kube-dns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  clusterIP: $DNS_IP
  selector: {k8s-app: kube-dns}
  ports:
  - {name: dns, port: 53, protocol: UDP}
  - {name: dns-tcp, port: 53, protocol: TCP}
EOF
}

# A default StorageClass, as kind and minikube have: claims get a directory on this host.
storage_class() {
  kubectl apply -f - >/dev/null <<EOF
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: standard
  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
provisioner: kubernetes.io/host-path
reclaimPolicy: Delete
volumeBindingMode: Immediate
EOF
}

# Debian's containerd, runc and CNI plugins; the rest is built from source by build.sh.
prerequisites() {
  local missing=()
  [[ -x /usr/lib/cni/bridge ]] || missing+=(containernetworking-plugins)
  command -v conntrack >/dev/null || missing+=(conntrack)
  command -v containerd >/dev/null || missing+=(containerd)
  command -v runc >/dev/null || missing+=(runc)
  command -v iptables >/dev/null || missing+=(iptables)
  command -v curl >/dev/null || missing+=(curl)
  command -v docker >/dev/null || missing+=(docker.io)
  [[ ${#missing[@]} -eq 0 ]] && return 0
  say "installing ${missing[*]} (Debian)"
  apt-get install -y "${missing[@]}" >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y "${missing[@]}" >/dev/null; } || die "apt-get install ${missing[*]} failed"
}

up() {
  [[ $(id -u) == 0 ]] || die "the local cluster runs host processes and needs root"
  prerequisites
  BIN=$("$here/images/kubernetes/build-progress.sh")
  if running; then say "already running"; return 0; fi
  if leftover; then
    # Started before a reboot, or one of its components has exited: a cluster half there is no
    # base to build on (stale containers, pods the kubelet would bring back), so start afresh.
    say "the cluster in $STATE is not running (not started since the machine booted, or a component exited): removing it first"
    down
  fi
  local began=$SECONDS
  mkdir -p "$STATE/logs" "$STATE/pids" "$STATE/etcd"
  record_host
  pki
  network
  containerd_config
  kubelet_config
  start etcd "$BIN/etcd" --name frh-local --data-dir "$STATE/etcd" \
    --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
    --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
    --initial-cluster frh-local=http://127.0.0.1:2380 --listen-metrics-urls "" --log-level warn
  start containerd containerd --config "$STATE/containerd/config.toml"
  wait_until "etcd" 60 curl -sf http://127.0.0.1:2379/health
  start kube-apiserver "$BIN/kube-apiserver" --etcd-servers http://127.0.0.1:2379 \
    --bind-address "$NODE_IP" --advertise-address "$NODE_IP" --secure-port 6443 \
    --service-cluster-ip-range "$SERVICE_CIDR" --authorization-mode Node,RBAC \
    --client-ca-file "$STATE/pki/ca.crt" --tls-cert-file "$STATE/pki/apiserver.crt" --tls-private-key-file "$STATE/pki/apiserver.key" \
    --kubelet-client-certificate "$STATE/pki/apiserver-kubelet-client.crt" --kubelet-client-key "$STATE/pki/apiserver-kubelet-client.key" \
    --kubelet-certificate-authority "$STATE/pki/ca.crt" --kubelet-preferred-address-types InternalIP \
    --service-account-key-file "$STATE/pki/sa.pub" --service-account-signing-key-file "$STATE/pki/sa.key" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local --api-audiences https://kubernetes.default.svc.cluster.local \
    --allow-privileged=true --enable-admission-plugins NamespaceLifecycle,ServiceAccount,DefaultStorageClass,ResourceQuota
  wait_until "the API server" 120 kubectl get --raw /readyz
  start kube-controller-manager "$BIN/kube-controller-manager" --kubeconfig "$STATE/controller-manager.kubeconfig" \
    --service-account-private-key-file "$STATE/pki/sa.key" --root-ca-file "$STATE/pki/ca.crt" \
    --cluster-signing-cert-file "$STATE/pki/ca.crt" --cluster-signing-key-file "$STATE/pki/ca.key" \
    --use-service-account-credentials --service-cluster-ip-range "$SERVICE_CIDR" --leader-elect=false \
    --controllers '*,-nodeipam,-cloud-node-lifecycle,-service,-route' --enable-hostpath-provisioner
  start kube-scheduler "$BIN/kube-scheduler" --kubeconfig "$STATE/scheduler.kubeconfig" --leader-elect=false
  wait_until "containerd" 60 ctr --address "$SOCK" version
  images
  start kubelet "$BIN/kubelet" --config "$STATE/kubelet-config.yaml" --kubeconfig "$STATE/kubelet.kubeconfig" \
    --root-dir "$STATE/kubelet" --hostname-override "$NODE" --node-ip "$NODE_IP"
  start kube-proxy "$BIN/kube-proxy" --kubeconfig "$STATE/kube-proxy.kubeconfig" --proxy-mode iptables \
    --cluster-cidr 10.244.0.0/16 --hostname-override "$NODE" --bind-address "$NODE_IP" --metrics-bind-address 127.0.0.1:10249 \
    --healthz-bind-address 127.0.0.1:10256 --conntrack-max-per-core 0 \
    --nodeport-addresses "$NODE_IP/32" --iptables-localhost-nodeports=false
  wait_until "node $NODE Ready" 120 sh -c "'$BIN/kubectl' --kubeconfig '$STATE/admin.kubeconfig' get node $NODE -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' | grep -q True"
  coredns
  wait_until "CoreDNS ready" 120 kubectl -n kube-system wait --for=condition=Available deployment/coredns --timeout=2s
  storage_class
  say "up in $((SECONDS - began)) s; kubeconfig: $STATE/admin.kubeconfig"
}

down() {
  [[ -d $STATE ]] || { say "not running"; return 0; }
  # kubelet first, so nothing restarts what is being removed; then every container of ours.
  for c in kubelet kube-proxy; do stop_component "$c"; done
  # containerd's shim keeps each namespace's containers in a runc root of its own under ours.
  local root id link
  for root in "$RUNC_ROOT"/*/; do
    [[ -d $root ]] || continue
    for id in $(runc --root "$root" list -q 2>/dev/null); do
      runc --root "$root" delete -f "$id" 2>/dev/null || true
    done
  done
  pkill -9 -f "containerd-shim-runc-v2 .*-address $SOCK" 2>/dev/null || true
  for c in containerd kube-scheduler kube-controller-manager kube-apiserver etcd; do stop_component "$c"; done
  # A container the kubelet asked for just before it stopped may have started after the listing
  # above; with containerd gone nothing starts another, so what is left in a pod's cgroup dies here.
  kill_pod_processes
  # Mounts under the data directory (pod volumes, rootfs, shm), deepest first.
  { grep -F " $STATE/" /proc/self/mounts || true; } | awk '{print $2}' | sort -r | while read -r mount; do umount -l "$mount" 2>/dev/null || true; done
  if [[ -f $STATE/host/netns ]]; then
    { comm -13 "$STATE/host/netns" <(ip netns list 2>/dev/null | awk '{print $1}' | sort) | grep '^cni-' || true; } | while read -r ns; do ip netns delete "$ns" 2>/dev/null || true; done
  fi
  # A pod's veth outlives its network namespace for a moment after the namespace's last process.
  for link in $(ip -o link show master "$BRIDGE" 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1); do
    ip link delete "$link" 2>/dev/null || true
  done
  ip link delete "$BRIDGE" 2>/dev/null || true
  remove_new_chains
  [[ -f $STATE/host/hostpath-pv-created ]] && rm -rf "$HOSTPATH_PV"
  rm -rf "$STATE"
  say "down"
}

# Processes in the cgroup of one of this cluster's pods (its uid is a folder of our kubelet's): a
# pod uid is random, so no process of anybody else's can match.
pod_processes() {
  local pods=$STATE/kubelet/pods file uid
  [[ -d $pods ]] || return 0
  # One grep over every process's cgroup file prints "/proc/PID/cgroup:/podUID" per match.
  { grep -o -m1 '/pod[0-9a-f-]\{36\}' /proc/[0-9]*/cgroup 2>/dev/null || true; } | while IFS=: read -r file uid; do
    if [[ -d $pods/${uid#/pod} ]]; then file=${file#/proc/}; echo "${file%/cgroup}"; fi
  done
}

kill_pod_processes() {
  local pids
  for _ in $(seq 1 40); do
    pids=$(pod_processes)
    [[ -n $pids ]] || return 0
    kill -KILL $pids 2>/dev/null || true
    sleep 0.25
  done
  say "processes of the cluster's pods still running after SIGKILL: $(echo $pids)"
}

stop_component() {
  local file="$STATE/pids/$1"
  [[ -f $file ]] || return 0
  if pid_alive "$1"; then
    local pid; read -r pid _ <"$file"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do pid_alive "$1" || break; sleep 0.25; done
    pid_alive "$1" && kill -KILL "$pid" 2>/dev/null
  fi
  rm -f "$file"
}

# Chains created since `up` (kube-proxy's KUBE-*, the CNI plugins' CNI-*, ours): first every rule
# that jumps to one, then the chains themselves.
remove_new_chains() {
  for table in filter nat mangle; do
    local before="$STATE/host/chains-$table"
    [[ -f $before ]] || continue
    local new; new=$(comm -13 "$before" <(iptables -t "$table" -S 2>/dev/null | awk '$1 == "-N" {print $2}' | sort) | grep -E '^(KUBE-|CNI-|FRH-)' || true)
    [[ -n $new ]] || continue
    { iptables -t "$table" -S | grep -E -- "-j ($(echo "$new" | paste -sd'|'))( |$)" || true; } | sed 's/^-A /-D /' | while read -r rule; do
      eval "iptables -t $table $rule" 2>/dev/null || true
    done
    for chain in $new; do iptables -t "$table" -F "$chain" 2>/dev/null || true; done
    for chain in $new; do iptables -t "$table" -X "$chain" 2>/dev/null || true; done
  done
}

status() {
  if running; then echo "running (kubeconfig: $STATE/admin.kubeconfig)"; else echo "not running"; return 1; fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  kubeconfig) echo "$STATE/admin.kubeconfig" ;;
  load-image) shift; load_images "$@" ;;
  *) die "usage: $0 up|down|status|kubeconfig|load-image IMAGE..." ;;
esac
