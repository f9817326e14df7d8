#!/usr/bin/env bash
# Builds the harness's container images, each only when its inputs changed.
#
#   images/build.sh [NAME...]     NAME: base zookeeper minio flink-<v> probe-flink-<v> operator-<v>
#                                 windowed-count-flink-<v>
#                                 (or `flink` / `probe-flink` / `windowed-count-flink` for every version
#                                 in flink/versions, `operator` for every version in operator/versions,
#                                 `operator-extra` for those in operator/extra-versions);
#                                 no NAME: all of them except operator/extra-versions and the
#                                 windowed-count images (built only when named, e.g. by
#                                 `./run nightly`). Dependencies are built first.
#   images/build.sh --prune       remove frh images (label dev.frh.managed=true) whose tag is not a
#                                 current one (older input hashes); images in use stay.
#
# Tag of an image: frh/<repo>:<version>-<first 12 hex of sha256 over its input files, build args
# and its parent's tag>. An image whose tag exists (docker image inspect) is not rebuilt.
# Afterwards images/.built/images.json maps logical names to the tags present on this machine,
# e.g. {"base": "frh/base:bookworm-0123456789ab", "flink-2.1.0": "frh/flink:2.1.0-...", ...}.
# Each operator-<v> image's CRDs are also written to images/.built/operator-<v>/crds/ (for kubectl apply).
# Downloads and builds outside the repository are cached in ${FRH_CACHE:-$HOME/.cache/frh}.
# Needs: docker, and for cold builds root + debootstrap (base), go (minio), mvn + JDK 17 (flink, probe).
set -euo pipefail

IMAGES_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$IMAGES_DIR")"
export FRH_CACHE="${FRH_CACHE:-$HOME/.cache/frh}"
BUILT_DIR="$IMAGES_DIR/.built"
LOG_DIR="$BUILT_DIR/logs"
ARCH="$(dpkg --print-architecture 2>/dev/null || uname -m)"
MVN=(mvn -B -q)

list() { grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$1"; }
die() { echo "build.sh: $*" >&2; exit 1; }

# hash_inputs PATH... [-- ARG...]: 12 hex of sha256 over the files under PATHs (path, mode, content)
# and the ARGs.
hash_inputs() {
  local -a paths=()
  while (($#)) && [[ $1 != -- ]]; do paths+=("$1"); shift; done
  (($#)) && shift
  {
    find "${paths[@]}" -type f ! -name '*~' ! -name '*.swp' -print0 | LC_ALL=C sort -z |
      while IFS= read -r -d '' f; do
        printf '%s %s %s\n' "$(sha256sum <"$f" | cut -c1-64)" "$(stat -c %a "$f")" "${f#"$REPO_DIR"/}"
      done
    if (($#)); then printf 'arg %s\n' "$@"; fi
  } | sha256sum | cut -c1-12
}

# ---- names, tags, dependencies ------------------------------------------------------------------
declare -A TAG=() DEP=() KIND=() VERSION_OF=()
NAMES=()
EXTRA=()   # names built only on request (operator/extra-versions, the example job's images)
OPERATOR_EXTRA=()
mapfile -t FLINK_VERSIONS < <(list "$IMAGES_DIR/flink/versions")
((${#FLINK_VERSIONS[@]})) || die "no versions in flink/versions"
mapfile -t OPERATOR_VERSIONS < <(list "$IMAGES_DIR/operator/versions")
OPERATOR_EXTRA_VERSIONS=()
[[ -f "$IMAGES_DIR/operator/extra-versions" ]] && mapfile -t OPERATOR_EXTRA_VERSIONS < <(list "$IMAGES_DIR/operator/extra-versions")

BASE_HASH="$(hash_inputs "$IMAGES_DIR/base" -- "arch=$ARCH")"
TAG[base]="frh/base:$(list "$IMAGES_DIR/base/version" | head -n1)-$BASE_HASH"; KIND[base]=base; NAMES+=(base)

TAG[zookeeper]="frh/zookeeper:$(list "$IMAGES_DIR/zookeeper/version" | head -n1)-$(hash_inputs "$IMAGES_DIR/zookeeper" -- "base=${TAG[base]}")"
KIND[zookeeper]=zookeeper; DEP[zookeeper]=base; NAMES+=(zookeeper)

minio_release="$(sed -n 's/^release=RELEASE\.//p' "$IMAGES_DIR/minio/version")"
TAG[minio]="frh/minio:${minio_release:0:10}-$(hash_inputs "$IMAGES_DIR/minio" -- "arch=$ARCH")"
KIND[minio]=minio; NAMES+=(minio)

FLINK_INPUTS=("$IMAGES_DIR/flink/Dockerfile" "$IMAGES_DIR/flink/docker-entrypoint.sh" "$IMAGES_DIR/flink/pom.xml"
              "$IMAGES_DIR/flink/conf" "$IMAGES_DIR/flink/bin")
PROBE_SOURCES=("$REPO_DIR/probe-job/pom.xml" "$REPO_DIR/probe-job/src")
for v in "${FLINK_VERSIONS[@]}"; do
  TAG[flink-$v]="frh/flink:$v-$(hash_inputs "${FLINK_INPUTS[@]}" -- "flink.version=$v" "base=${TAG[base]}")"
  KIND[flink-$v]=flink; DEP[flink-$v]=base; VERSION_OF[flink-$v]=$v; NAMES+=("flink-$v")
done
for v in "${FLINK_VERSIONS[@]}"; do
  if [[ -f "$REPO_DIR/probe-job/pom.xml" ]]; then
    TAG[probe-flink-$v]="frh/probe-flink:$v-$(hash_inputs "$IMAGES_DIR/probe" "${PROBE_SOURCES[@]}" -- "flink.version=$v" "base=${TAG[flink-$v]}")"
    KIND[probe-flink-$v]=probe; DEP[probe-flink-$v]=flink-$v; VERSION_OF[probe-flink-$v]=$v; NAMES+=("probe-flink-$v")
  fi
done

OPERATOR_INPUTS=("$IMAGES_DIR/operator/Dockerfile" "$IMAGES_DIR/operator/operator.sh" "$IMAGES_DIR/operator/pom.xml"
                 "$IMAGES_DIR/operator/conf")
for v in "${OPERATOR_VERSIONS[@]}"; do
  TAG[operator-$v]="frh/flink-kubernetes-operator:$v-$(hash_inputs "${OPERATOR_INPUTS[@]}" -- "operator.version=$v" "base=${TAG[base]}")"
  KIND[operator-$v]=operator; DEP[operator-$v]=base; VERSION_OF[operator-$v]=$v; NAMES+=("operator-$v")
done
# An extra version may bring its own pom (operator/pom-<v>.xml), used instead of pom.xml.
operator_pom() { if [[ -f "$IMAGES_DIR/operator/pom-$1.xml" ]]; then printf '%s' "$IMAGES_DIR/operator/pom-$1.xml"; else printf '%s' "$IMAGES_DIR/operator/pom.xml"; fi; }
for v in "${OPERATOR_EXTRA_VERSIONS[@]}"; do
  [[ -n "${TAG[operator-$v]:-}" ]] && continue
  TAG[operator-$v]="frh/flink-kubernetes-operator:$v-$(hash_inputs "${OPERATOR_INPUTS[@]}" "$(operator_pom "$v")" -- "operator.version=$v" "base=${TAG[base]}")"
  KIND[operator-$v]=operator; DEP[operator-$v]=base; VERSION_OF[operator-$v]=$v; NAMES+=("operator-$v"); EXTRA+=("operator-$v"); OPERATOR_EXTRA+=("operator-$v")
done
# The example user job (examples/windowed-count-job) inside the plain Flink image: a team's own image
# for a FlinkDeployment whose jarURI is local:// (the Operator's user-job scenario).
WINDOWED_COUNT_SOURCES=("$REPO_DIR/examples/windowed-count-job/pom.xml" "$REPO_DIR/examples/windowed-count-job/src")
for v in "${FLINK_VERSIONS[@]}"; do
  TAG[windowed-count-flink-$v]="frh/windowed-count-flink:$v-$(hash_inputs "$IMAGES_DIR/windowed-count" "${WINDOWED_COUNT_SOURCES[@]}" -- "flink.version=$v" "base=${TAG[flink-$v]}")"
  KIND[windowed-count-flink-$v]=example; DEP[windowed-count-flink-$v]=flink-$v; VERSION_OF[windowed-count-flink-$v]=$v
  NAMES+=("windowed-count-flink-$v"); EXTRA+=("windowed-count-flink-$v")
done

# ---- builders -----------------------------------------------------------------------------------
LABELS=(--label dev.frh.managed=true)

# A scratch directory on the cache's file system (so cache files can be hard-linked into it).
scratch() { mkdir -p "$FRH_CACHE/tmp"; mktemp -d "$FRH_CACHE/tmp/$1.XXXXXX"; }
link_or_copy() { cp -al "$@" 2>/dev/null || cp -a "$@"; }

docker_build() { # NAME TAG CONTEXT [docker build args...]
  local name="$1" tag="$2" ctx="$3"; shift 3
  DOCKER_BUILDKIT=0 docker build --pull=false --force-rm "${LABELS[@]}" --label "dev.frh.image=$name" \
    -t "$tag" "$@" "$ctx"
}

build_base() {
  local rootfs arch_jvm
  rootfs="$("$IMAGES_DIR/base/build.sh" "$BASE_HASH")"
  arch_jvm="/usr/lib/jvm/java-17-openjdk-$ARCH"
  docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change "ENV JAVA_HOME=$arch_jvm" \
    --change 'LABEL dev.frh.managed=true dev.frh.image=base' \
    --change 'CMD ["/bin/bash"]' \
    "$rootfs" "${TAG[base]}"
}

build_zookeeper() {
  docker_build zookeeper "${TAG[zookeeper]}" "$IMAGES_DIR/zookeeper" --build-arg "BASE=${TAG[base]}"
}

build_minio() {
  local dir ctx
  dir="$("$IMAGES_DIR/minio/build.sh")"
  ctx="$(scratch minio)"
  cp "$IMAGES_DIR/minio/Dockerfile" "$ctx/"
  link_or_copy "$dir/minio" "$dir/busybox" "$ctx/"
  docker_build minio "${TAG[minio]}" "$ctx"
  rm -rf "$ctx"
}

# lib/ and plugins/ of one Flink version, from Maven Central (cached per version and pom.xml).
flink_runtime() { # VERSION -> prints directory
  local v="$1" out tmp
  out="$FRH_CACHE/flink/$v-$(hash_inputs "$IMAGES_DIR/flink/pom.xml")"
  if [[ ! -f "$out/.complete" ]]; then
    rm -rf "$out"; tmp="$out.tmp"; rm -rf "$tmp"
    "${MVN[@]}" -f "$IMAGES_DIR/flink/pom.xml" package "-Dflink.version=$v" "-Dflink.out=$tmp" >&2
    ls "$tmp"/plugins/s3-fs-hadoop/flink-s3-fs-hadoop-"$v".jar >/dev/null
    touch "$tmp/.complete"; mv "$tmp" "$out"
  fi
  printf '%s' "$out"
}

build_flink() {
  local name="$1" v="${VERSION_OF[$1]}" runtime ctx
  runtime="$(flink_runtime "$v")"
  ctx="$(scratch "flink-$v")"
  link_or_copy "$runtime/lib" "$runtime/plugins" "$ctx/"
  cp -a "$IMAGES_DIR/flink/Dockerfile" "$IMAGES_DIR/flink/docker-entrypoint.sh" "$IMAGES_DIR/flink/conf" \
        "$IMAGES_DIR/flink/bin" "$ctx/"
  docker_build "$name" "${TAG[$name]}" "$ctx" --build-arg "BASE=${TAG[base]}" --build-arg "FLINK_VERSION=$v"
  rm -rf "$ctx"
}

# JAR of the Maven project PROJECT for one Flink version, built from a copy of its pom.xml and src/ so
# the working tree's target/ is left alone; cached under CACHE per version and sources. MVN_ARGs go to
# `mvn package`.
maven_job_jar() { # CACHE PROJECT JAR VERSION [MVN_ARG...] -> prints jar path
  local cache="$1" project="$2" jar="$3" v="$4" out src
  shift 4
  out="$FRH_CACHE/$cache/$v-$(hash_inputs "$project/pom.xml" "$project/src")"
  if [[ ! -f "$out/$jar" ]]; then
    src="$(scratch "$cache-$v")"
    cp -a "$project/pom.xml" "$project/src" "$src/"
    "${MVN[@]}" -f "$src/pom.xml" package "-Dflink.version=$v" "$@" >&2
    mkdir -p "$out"; cp "$src/target/$jar" "$out/$jar.tmp"
    mv "$out/$jar.tmp" "$out/$jar"
    rm -rf "$src"
  fi
  printf '%s' "$out/$jar"
}

# An image NAME holding one job JAR on the Flink image of its version (images/DIR/Dockerfile).
build_job_image() { # NAME DIR JAR
  local name="$1" dir="$2" jar="$3" v="${VERSION_OF[$1]}" ctx
  ctx="$(scratch "$name")"
  cp "$IMAGES_DIR/$dir/Dockerfile" "$ctx/"
  link_or_copy "$jar" "$ctx/$(basename "$jar")"
  docker_build "$name" "${TAG[$name]}" "$ctx" --build-arg "BASE=${TAG[flink-$v]}"
  rm -rf "$ctx"
}

# The probe's tests are run by ./run (probe job tests), not for every image.
build_probe() { build_job_image "$1" probe "$(maven_job_jar probe-job "$REPO_DIR/probe-job" probe-job.jar "${VERSION_OF[$1]}" -DskipTests)"; }
build_example() { build_job_image "$1" windowed-count "$(maven_job_jar windowed-count-image "$REPO_DIR/examples/windowed-count-job" windowed-count-job.jar "${VERSION_OF[$1]}")"; }

# The operator's class path (lib/) and CRDs (crds/) of one version, from Maven Central (cached per
# version and pom.xml).
operator_runtime() { # VERSION -> prints directory
  local v="$1" out tmp pom
  pom="$(operator_pom "$v")"
  out="$FRH_CACHE/operator/$v-$(hash_inputs "$pom")"
  if [[ ! -f "$out/.complete" ]]; then
    rm -rf "$out"; tmp="$out.tmp"; rm -rf "$tmp"
    # A copy of the pom, so Maven's target/ never lands in the working tree.
    mkdir -p "$tmp"; cp "$pom" "$tmp/pom.xml"
    "${MVN[@]}" -f "$tmp/pom.xml" package "-Doperator.version=$v" "-Doperator.out=$tmp" >&2
    rm -rf "$tmp/pom.xml" "$tmp/target"
    ls "$tmp/lib/flink-kubernetes-operator-$v.jar" "$tmp"/lib/flink-kubernetes-standalone-"$v"*.jar \
       "$tmp/crds/flinkdeployments.flink.apache.org-v1.yml" >/dev/null
    touch "$tmp/.complete"; mv "$tmp" "$out"
  fi
  printf '%s' "$out"
}

build_operator() {
  local name="$1" v="${VERSION_OF[$1]}" runtime ctx
  runtime="$(operator_runtime "$v")"
  ctx="$(scratch "operator-$v")"
  link_or_copy "$runtime/lib" "$runtime/crds" "$ctx/"
  cp -a "$IMAGES_DIR/operator/Dockerfile" "$IMAGES_DIR/operator/operator.sh" "$IMAGES_DIR/operator/conf" "$ctx/"
  docker_build "$name" "${TAG[$name]}" "$ctx" --build-arg "BASE=${TAG[base]}" --build-arg "OPERATOR_VERSION=$v"
  rm -rf "$ctx"
}

# images/.built/operator-<v>/crds/: the CRDs inside the image (docker cp), refreshed when the tag changes.
export_operator_crds() { # NAME
  local name="$1" tag="${TAG[$1]}" dir="$BUILT_DIR/$1" container
  [[ -f "$dir/image" && "$(cat "$dir/image")" == "$tag" && -d "$dir/crds" ]] && return 0
  rm -rf "$dir"; mkdir -p "$dir"
  container="$(docker create "$tag")"
  docker cp "$container:/opt/flink-kubernetes-operator/crds" "$dir/crds" >/dev/null
  docker rm "$container" >/dev/null
  printf '%s\n' "$tag" >"$dir/image"
}

# ---- main ---------------------------------------------------------------------------------------
docker info >/dev/null 2>&1 || die "docker is not reachable (is dockerd running?)"

prune() {
  local -A current=() ; local name ref
  for name in "${NAMES[@]}"; do current[${TAG[$name]}]=1; done
  docker image ls --filter label=dev.frh.managed=true --format '{{.Repository}}:{{.Tag}}' | sort -u |
    while read -r ref; do
      [[ $ref == frh/* && -z "${current[$ref]:-}" && $ref != *'<none>'* ]] || continue
      if docker image rm "$ref" >/dev/null 2>&1; then echo "removed $ref"; else echo "kept $ref (in use)"; fi
    done
}

requested=()
if (($# == 0)); then
  declare -A is_extra=(); for name in "${EXTRA[@]}"; do is_extra[$name]=1; done
  for name in "${NAMES[@]}"; do [[ -n "${is_extra[$name]:-}" ]] || requested+=("$name"); done
fi
for arg in "$@"; do
  case "$arg" in
    -h|--help) sed -n '2,/^set /p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0 ;;
    --prune) prune; exit 0 ;;
    flink|probe-flink|windowed-count-flink) for v in "${FLINK_VERSIONS[@]}"; do requested+=("$arg-$v"); done ;;
    operator) for v in "${OPERATOR_VERSIONS[@]}"; do requested+=("operator-$v"); done ;;
    operator-extra) requested+=("${OPERATOR_EXTRA[@]}") ;;
    *) [[ -n "${TAG[$arg]:-}" ]] || die "unknown image '$arg' (known: ${NAMES[*]})"; requested+=("$arg") ;;
  esac
done

# What a build of NAME makes and about how long it takes cold (images/README.md, "Cold build
# times", measured on a 2-core machine), so a first run says why it sits still.
describe_build() { # NAME
  local name="$1" v="${VERSION_OF[$1]:-}"
  case "${KIND[$name]}" in
    base) echo "Debian base image with JDK 17 (debootstrap; about 1 min on a cold 2-core machine, cached after)" ;;
    zookeeper) echo "ZooKeeper on the base image (under a minute)" ;;
    minio) echo "MinIO compiled from source with Go (1300 packages: 2-11 min on a cold 2-core machine, cached after), in the background beside the other steps" ;;
    flink) echo "Flink $v from Maven Central (under a minute on a cold 2-core machine, cached after)" ;;
    probe) echo "the probe job for Flink $v with Maven (under a minute on a cold 2-core machine, cached after)" ;;
    operator) echo "Flink Kubernetes Operator $v from Maven Central (about 2 min on a cold 2-core machine, cached after)" ;;
    example) echo "the example user job (examples/windowed-count-job) for Flink $v with Maven, in the Flink image (under a minute, cached after)" ;;
    *) echo "$name" ;;
  esac
}

# The images in the order they are looked at (dependencies first), so each line can say "step k of n".
declare -A PLANNED=()
ORDER=()
plan() {
  local name="$1"
  [[ -n "${PLANNED[$name]:-}" ]] && return 0
  [[ -n "${DEP[$name]:-}" ]] && plan "${DEP[$name]}"
  PLANNED[$name]=1; ORDER+=("$name")
}
for name in "${requested[@]}"; do plan "$name"; done

mkdir -p "$LOG_DIR"
if (($# > 0)); then
  skipped=()
  for name in "${NAMES[@]}"; do [[ -n "${PLANNED[$name]:-}" ]] || skipped+=("$name"); done
  if ((${#skipped[@]})); then echo "not asked for, not built: ${skipped[*]}"; fi
fi

# One builder at a time per cache: ./run test builds its Kubernetes images beside its Docker ones, and
# two builders would share Maven's and this script's temporary folders.
mkdir -p "$FRH_CACHE"
exec 9>"$FRH_CACHE/build.lock"
if ! flock -n 9; then echo "waiting for another images/build.sh to finish"; flock 9; fi

declare -A DONE=() BACKGROUND=() STARTED=()
step=0
# build NAME LOG: in a subshell with errexit on and outside any `if`: bash ignores `set -e` in a
# function called as an if-condition, so a failed step (mvn, docker build) would otherwise not stop it.
build() { set +e; (set -e; "build_${KIND[$1]}" "$1") >"$2" 2>&1; local rc=$?; set -e; return $rc; }
failed() { # NAME LOG
  echo "build.sh: building $1 failed; last lines of $2:" >&2
  tail -n 40 "$2" >&2
  exit 1
}
ensure() {
  local name="$1" tag log
  [[ -n "${DONE[$name]:-}" || -n "${BACKGROUND[$name]:-}" ]] && return 0
  [[ -n "${DEP[$name]:-}" ]] && ensure "${DEP[$name]}"
  tag="${TAG[$name]}"
  step=$((step + 1))
  if docker image inspect "$tag" >/dev/null 2>&1; then
    printf 'step %d of %d: %-20s %-45s up to date\n' "$step" "${#ORDER[@]}" "$name" "$tag"
  else
    STARTED[$name]=$SECONDS; log="$LOG_DIR/$name.log"
    printf 'step %d of %d: %s: %s\n' "$step" "${#ORDER[@]}" "$name" "$(describe_build "$name")"
    printf '%-20s %-45s building (log: %s)\n' "$name" "$tag" "${log#"$REPO_DIR"/}"
    # MinIO's compile is CPU-bound and needs no other image; the base image's debootstrap and
    # Maven's downloads mostly wait on the network, so they overlap well (measured: download 10 s,
    # compile 123 s of 2 cores on a quiet machine).
    if [[ ${KIND[$name]} == minio ]]; then
      build "$name" "$log" &
      BACKGROUND[$name]=$!
      return 0
    fi
    build "$name" "$log" || failed "$name" "$log"
    printf '%-20s %-45s built in %d s\n' "$name" "$tag" $((SECONDS - STARTED[$name]))
  fi
  if [[ ${KIND[$name]} == operator ]]; then export_operator_crds "$name"; fi
  DONE[$name]=1
}
# MinIO first, so its compile runs while the rest builds.
for name in "${requested[@]}"; do [[ ${KIND[$name]} == minio ]] && ensure "$name"; done
for name in "${requested[@]}"; do ensure "$name"; done
for name in "${!BACKGROUND[@]}"; do
  wait "${BACKGROUND[$name]}" || failed "$name" "$LOG_DIR/$name.log"
  printf '%-20s %-45s built in %d s (in the background)\n' "$name" "${TAG[$name]}" $((SECONDS - STARTED[$name]))
  DONE[$name]=1
done

# images.json: every known image whose tag exists here.
tmp="$BUILT_DIR/images.json.tmp"
{
  echo "{"
  sep=""
  for name in "${NAMES[@]}"; do
    if [[ -n "${DONE[$name]:-}" ]] || docker image inspect "${TAG[$name]}" >/dev/null 2>&1; then
      printf '%s  "%s": "%s"' "$sep" "$name" "${TAG[$name]}"
      sep=$',\n'
    fi
  done
  printf '\n}\n'
} >"$tmp"
mv "$tmp" "$BUILT_DIR/images.json"
