# Shared by the Helm example's commands (sourced): the kubectl example's helpers, Helm, and the chart's values.
source "$(dirname "${BASH_SOURCE[0]}")/../kubectl/lib.sh"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
HELM=${HELM:-$("$here/build-helm.sh")}
RELEASE=flink
h() { "$HELM" --kubeconfig "$KUBECONFIG" ${FRH_KUBE_CONTEXT:+--kube-context "$FRH_KUBE_CONTEXT"} -n "$FRH_NAMESPACE" "$@"; }

# A values file for generation $FRH_GENERATION (0: the storage alone), restoring from $1 if given.
# It holds the storage's keys, so it is written only this user can read, and removed on exit.
values_file() {
  local restore=${1:-} file
  file=$(mktemp); chmod 600 "$file"
  {
    echo "storage: {image: \"$FRH_STORAGE_IMAGE\", bucket: \"$FRH_S3_BUCKET\", accessKey: \"$S3_ACCESS_KEY\", secretKey: \"$S3_SECRET_KEY\"}"
    echo "flink:"
    echo "  generation: ${2:-$FRH_GENERATION}"
    echo "  image: \"$FRH_FLINK_IMAGE\""
    echo "  taskManagers: $FRH_TASK_MANAGERS"
    echo "  jobClass: \"$FRH_JOB_CLASS\""
    echo "  jobId: \"${FRH_JOB_ID:-}\""
    echo "  restoreFrom: \"$restore\""
    echo "  jobArgs: $FRH_JOB_ARGS"
    echo "  config: |"
    sed 's/^/    /' "$FRH_FLINK_CONFIG"
  } > "$file"
  echo "$file"
}
