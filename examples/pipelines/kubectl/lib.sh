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

# Generation $1's JobManager and TaskManagers deleted, Flink's HA ConfigMaps kept, as the Operator's
# last-state suspend and upgrade do: the JobManager first (a SIGTERMed JobManager suspends the job and
# keeps its HA data; TaskManagers lost first would only make it restart), then the TaskManagers. The
# job's stored execution plan goes from the HA ConfigMaps too (jobGraph-<id> on 1.x, executionPlan-<id>
# on 2.x), its checkpoint pointers stay: the next JobManager builds the job from the new configuration
# (a new parallelism) and restores the newest checkpoint the HA data points to.
stop_generation_keeping_ha() {
  local generation=$1 map key
  k delete "deploy/jobmanager-g$generation" --wait=false >/dev/null
  k wait --for=delete pod -l "app=flink,component=jobmanager,generation=$generation" --timeout=120s >/dev/null 2>&1 || true
  k delete "deploy/taskmanager-g$generation" --wait=false >/dev/null
  k wait --for=delete pod -l "app=flink,generation=$generation" --timeout=120s >/dev/null 2>&1 || true
  for map in $(k get configmap -l "app=$FRH_CLUSTER_ID,type=flink-native-kubernetes" -o name); do
    for key in $(k get "$map" -o go-template='{{range $key, $value := .data}}{{$key}}{{"\n"}}{{end}}' | grep -E '^(jobGraph|executionPlan)-' || true); do
      k patch "$map" --type=json -p "[{\"op\": \"remove\", \"path\": \"/data/$key\"}]" >/dev/null
    done
  done
}

# Stops the running job of generation $1 with a savepoint into $FRH_SAVEPOINTS_DIR through Flink's REST
# API (a port-forward to the generation's REST Service, closed on return) and prints the savepoint's
# path, as the Operator's savepoint-mode suspend and upgrade do. A subshell: its trap is its own.
stop_with_savepoint() (
  local generation=$1 forwarded forwarder port rest job trigger answer i
  forwarded=$(mktemp)
  k port-forward "svc/jobmanager-rest-g$generation" :8081 >"$forwarded" 2>&1 &
  forwarder=$!
  trap 'kill "$forwarder" 2>/dev/null; rm -f "$forwarded"' EXIT
  for i in $(seq 1 150); do
    port=$(sed -n 's/^Forwarding from 127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$forwarded" | head -n 1)
    [ -z "$port" ] || break
    sleep 0.2
  done
  [ -n "$port" ] || { cat "$forwarded" >&2; echo "no port-forward to the REST Service of generation $generation" >&2; exit 1; }
  rest="http://127.0.0.1:$port"
  json() { perl -MJSON::PP -0777 -ne "my \$v = decode_json(\$_); $1"; }
  job=$(curl -fsS "$rest/jobs" | json 'print join("\n", map { $_->{id} } grep { $_->{status} eq "RUNNING" } @{$v->{jobs}})' | head -n 1)
  [ -n "$job" ] || { echo "generation $generation runs no job to stop" >&2; exit 1; }
  trigger=$(curl -fsS -X POST -H 'Content-Type: application/json' -d "{\"targetDirectory\": \"$FRH_SAVEPOINTS_DIR\", \"drain\": false}" "$rest/jobs/$job/stop" | json 'print $v->{"request-id"}')
  for i in $(seq 1 600); do
    answer=$(curl -fsS "$rest/jobs/$job/savepoints/$trigger")
    case $(echo "$answer" | json 'print $v->{status}{id}') in
      COMPLETED)
        echo "$answer" | json 'my $o = $v->{operation}; if (defined $o->{location}) { print $o->{location} } else { print STDERR "the stop failed: ", encode_json($o->{"failure-cause"} // $o), "\n"; exit 1 }'
        exit 0 ;;
    esac
    sleep 0.2
  done
  echo "job $job: no savepoint within 120 s of the stop" >&2
  exit 1
)
