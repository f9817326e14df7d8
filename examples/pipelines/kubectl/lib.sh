# Shared by the example's commands (sourced). Needs kubectl and perl; the harness's FRH_* variables.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# kubectl from PATH, else the one this repository builds for its local cluster.
if [ -z "${KUBECTL:-}" ]; then
  KUBECTL=$(command -v kubectl || true)
  [ -n "$KUBECTL" ] || KUBECTL="$("$here/../../../images/kubernetes/build.sh" 2>/dev/null)/kubectl"
fi
k() { "$KUBECTL" ${FRH_KUBE_CONTEXT:+--context "$FRH_KUBE_CONTEXT"} -n "$FRH_NAMESPACE" "$@"; }

# The part-of label every object of this example carries (delete.sh removes by it).
PART_OF=app.kubernetes.io/part-of=frh-kubectl-pipeline

# A manifest with each ${NAME} replaced by the variable's value (perl: values may hold any character).
render() { perl -pe 's/\$\{([A-Z][A-Z0-9_]*)\}/exists $ENV{$1} ? $ENV{$1} : die "manifest needs \$$1\n"/ge' "$here/manifests/$1"; }

# The storage's keys: S3_ACCESS_KEY, S3_SECRET_KEY.
# shellcheck disable=SC1090
. "$FRH_CREDENTIALS"
export S3_ACCESS_KEY S3_SECRET_KEY

# Generation N of the application cluster: its config.yaml (the harness's required settings plus
# where this pipeline put things), then its JobManager, TaskManagers and REST Service. $1: the
# snapshot to restore, or nothing for empty state.
apply_generation() {
  local restore=${1:-} config
  config=$(mktemp)
  {
    cat "$FRH_FLINK_CONFIG"
    echo "s3.endpoint: http://minio.$FRH_NAMESPACE.svc:9000"
    echo "s3.access-key: \"$S3_ACCESS_KEY\""
    echo "s3.secret-key: \"$S3_SECRET_KEY\""
    echo "rest.address: jobmanager-rest-g$FRH_GENERATION"
    echo "jobmanager.rpc.address: jobmanager-rest-g$FRH_GENERATION"
    # The ports the manifest declares (with HA Flink would pick random ones).
    echo "high-availability.jobmanager.port: \"6123\""
    echo "jobmanager.rpc.port: \"6123\""
    echo "blob.server.port: \"6124\""
  } > "$config"
  k create secret generic "flink-config-g$FRH_GENERATION" --from-file=config.yaml="$config" --dry-run=client -o yaml \
    | "$KUBECTL" label --local -f - "$PART_OF" "generation=$FRH_GENERATION" -o yaml | k apply -f - >/dev/null
  rm -f "$config"
  # The JobManager's arguments as a JSON list (a YAML flow list): the entry point, the job, where it
  # restores from, and the job's own arguments ($FRH_JOB_ARGS is a JSON list too).
  JOBMANAGER_ARGS="[\"standalone-job\", \"-Djobmanager.rpc.address=\$(POD_IP)\", \"--job-classname\", \"$FRH_JOB_CLASS\""
  [ -z "${FRH_JOB_ID:-}" ] || JOBMANAGER_ARGS+=", \"--job-id\", \"$FRH_JOB_ID\""
  [ -z "$restore" ] || JOBMANAGER_ARGS+=", \"--fromSavepoint\", \"$restore\""
  JOBMANAGER_ARGS+=", ${FRH_JOB_ARGS#[}"
  export JOBMANAGER_ARGS
  render flink.yaml | k apply -f - >/dev/null
  echo "rest=pod:app=flink,component=jobmanager,generation=$FRH_GENERATION:8081" >> "$FRH_OUTPUT"
}
