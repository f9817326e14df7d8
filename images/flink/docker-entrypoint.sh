#!/usr/bin/env bash
# Entrypoint of the frh/flink images (a Flink runtime assembled from Maven Central module jars).
# It follows the interface of the official Flink image (apache/flink-docker), so a harness can use
# either image:
#   jobmanager [-D key=value ...]                  session cluster JobManager
#   standalone-job [--job-classname C] [--job-id ID] [--fromSavepoint PATH]
#                  [--allowNonRestoredState] [-D key=value ...] [job args...]
#                                                  application cluster JobManager (job in usrlib/)
#   taskmanager [-D key=value ...]                 TaskManager
#   history-server                                 HistoryServer
#   help                                           usage
#   anything else                                  run as a command
# Like the official image it first writes into conf/config.yaml:
#   jobmanager.rpc.address = $JOB_MANAGER_RPC_ADDRESS (default: `hostname -f`), blob.server.port 6124,
#   query.server.port 6125, taskmanager.numberOfTaskSlots = $TASK_MANAGER_NUMBER_OF_TASK_SLOTS (if set),
#   then every `key: value` line of $FLINK_PROPERTIES (values: $VAR / ${VAR} expanded).
# A config.yaml that is not writable (read-only mount, ConfigMap) is used as it is.
# JVM memory flags come from Flink's BashJavaUtils (GET_JM_RESOURCE_PARAMS / GET_TM_RESOURCE_PARAMS),
# as in Flink's bin/jobmanager.sh and bin/taskmanager.sh. Flink runs as user flink (9999) when started
# as root. Logs go to stdout (conf/log4j-console.properties) and to log/.
set -eo pipefail

export FLINK_HOME="${FLINK_HOME:-/opt/flink}"
export FLINK_CONF_DIR="${FLINK_CONF_DIR:-$FLINK_HOME/conf}"
export FLINK_LIB_DIR="${FLINK_LIB_DIR:-$FLINK_HOME/lib}"   # also how the entrypoint finds usrlib/
export FLINK_PLUGINS_DIR="${FLINK_PLUGINS_DIR:-$FLINK_HOME/plugins}"
export FLINK_OPT_DIR="${FLINK_OPT_DIR:-$FLINK_HOME/opt}"
export FLINK_BIN_DIR="${FLINK_BIN_DIR:-$FLINK_HOME/bin}"
FLINK_LOG_DIR="${FLINK_LOG_DIR:-$FLINK_HOME/log}"
JAVA_RUN="java"
[[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] && JAVA_RUN="$JAVA_HOME/bin/java"
BASH_JAVA_UTILS_PREFIX="BASH_JAVA_UTILS_EXEC_RESULT:"

usage() {
  cat <<'USAGE'
Usage: /docker-entrypoint.sh (jobmanager|standalone-job|taskmanager|history-server) [args...]
   Or: /docker-entrypoint.sh help
   Or: /docker-entrypoint.sh COMMAND [args...]
Environment: FLINK_PROPERTIES (newline-separated "key: value"), JOB_MANAGER_RPC_ADDRESS,
TASK_MANAGER_NUMBER_OF_TASK_SLOTS, ENABLE_BUILT_IN_PLUGINS, JVM_ARGS, ROOT_LOG_LEVEL.
USAGE
}

lib_classpath() {
  local cp="" jar
  for jar in "$FLINK_LIB_DIR"/*.jar; do cp="${cp:+$cp:}$jar"; done
  printf '%s' "$cp"
}

# Expands $VAR and ${VAR} like envsubst (unset -> empty).
expand_env() {
  local s="$1" out="" name
  local re='^([^$]*)\$(\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))(.*)$'
  while [[ $s =~ $re ]]; do
    name="${BASH_REMATCH[3]:-${BASH_REMATCH[4]}}"
    out+="${BASH_REMATCH[1]}${!name-}"
    s="${BASH_REMATCH[5]}"
  done
  printf '%s' "$out$s"
}

trim() { local s="$1"; s="${s#"${s%%[![:space:]]*}"}"; printf '%s' "${s%"${s##*[![:space:]]}"}"; }

# Runs org.apache.flink.runtime.util.bash.BashJavaUtils and prints its result lines (without prefix).
bash_java_utils() {
  local out
  if ! out="$("$JAVA_RUN" -classpath "$CLASSPATH" org.apache.flink.runtime.util.bash.BashJavaUtils "$@" 2>&1)"; then
    echo "[ERROR] BashJavaUtils $1 failed:" >&2
    printf '%s\n' "$out" >&2
    exit 1
  fi
  if ! grep -q "^$BASH_JAVA_UTILS_PREFIX" <<<"$out"; then
    echo "[ERROR] BashJavaUtils $1 printed no result:" >&2
    printf '%s\n' "$out" >&2
    exit 1
  fi
  sed -n "s/^$BASH_JAVA_UTILS_PREFIX//p" <<<"$out"
}

config_file() {
  if [[ -e "$FLINK_CONF_DIR/config.yaml" || ! -e "$FLINK_CONF_DIR/flink-conf.yaml" ]]; then
    printf '%s' "$FLINK_CONF_DIR/config.yaml"
  else
    printf '%s' "$FLINK_CONF_DIR/flink-conf.yaml"
  fi
}

# Value of a flat key in the (flattened) config file; last occurrence wins; quotes removed.
read_config() {
  local key="$1" default="$2" value
  value="$(sed -n "s/^[ ]*${key//./\\.}[ ]*: *\(.*\)$/\1/p" "$(config_file)" 2>/dev/null | tail -n 1)"
  value="$(trim "$value")"
  if [[ $value == \'*\' || $value == \"*\" ]]; then value="${value:1:${#value}-2}"; fi
  [[ -n "$value" ]] && printf '%s' "$value" || printf '%s' "$default"
}

enable_built_in_plugins() {
  [[ -n "${ENABLE_BUILT_IN_PLUGINS:-}" ]] || return 0
  local jar name
  for jar in $(tr ';' ' ' <<<"$ENABLE_BUILT_IN_PLUGINS"); do
    name="${jar%.jar}"
    if compgen -G "$FLINK_PLUGINS_DIR/*/$jar" >/dev/null; then
      echo "Plugin $jar is already enabled"
    elif [[ -e "$FLINK_OPT_DIR/$jar" ]]; then
      mkdir -p "$FLINK_PLUGINS_DIR/$name"
      ln -fs "$FLINK_OPT_DIR/$jar" "$FLINK_PLUGINS_DIR/$name/"
      echo "Successfully enabled $jar"
    else
      echo "Plugin $jar does not exist. Exiting."
      exit 1
    fi
  done
}

# Writes the entrypoint's settings and $FLINK_PROPERTIES into the config file (flattened), the way
# the official image does with bin/config-parser-utils.sh (BashJavaUtils UPDATE_AND_GET_FLINK_CONFIGURATION).
prepare_configuration() {
  local conf line key value result
  conf="$(config_file)"
  local -a opts=(
    "-Djobmanager.rpc.address=${JOB_MANAGER_RPC_ADDRESS:-$(hostname -f)}"
    "-Dblob.server.port=6124"
    "-Dquery.server.port=6125"
  )
  [[ -n "${TASK_MANAGER_NUMBER_OF_TASK_SLOTS:-}" ]] && opts+=("-Dtaskmanager.numberOfTaskSlots=$TASK_MANAGER_NUMBER_OF_TASK_SLOTS")
  while IFS= read -r line; do
    line="$(trim "$line")"
    [[ -z "$line" || $line == \#* ]] && continue
    if [[ $line != *:* ]]; then echo "[WARN] FLINK_PROPERTIES: ignoring line without ':': $line" >&2; continue; fi
    key="$(trim "${line%%:*}")"
    value="$(expand_env "$(trim "${line#*:}")")"
    opts+=("-D$key=$value")
  done <<<"${FLINK_PROPERTIES:-}"
  if [[ -e "$conf" && ! -w "$conf" ]]; then
    echo "[WARN] $conf is not writable: using it as it is (FLINK_PROPERTIES and the entrypoint's settings are not applied)" >&2
    return 0
  fi
  [[ -e "$conf" ]] || : >"$conf"
  result="$(bash_java_utils UPDATE_AND_GET_FLINK_CONFIGURATION --configDir "$FLINK_CONF_DIR" "${opts[@]}" -flatten)"
  printf '%s\n' "$result" >"$conf"
}

# Sets JVM_ARGS (memory) and DYNAMIC_PARAMETERS from BashJavaUtils, like bin/config.sh.
resource_params() {
  local cmd="$1" result
  shift
  result="$(bash_java_utils "$cmd" --configDir "$FLINK_CONF_DIR" "$@")"
  if [[ $(wc -l <<<"$result") -ne 2 ]]; then
    echo "[ERROR] BashJavaUtils $cmd: expected 2 result lines, got:" >&2
    printf '%s\n' "$result" >&2
    exit 1
  fi
  JVM_ARGS="${JVM_ARGS:-} $(head -n 1 <<<"$result")"
  DYNAMIC_PARAMETERS="$(tail -n 1 <<<"$result")"
}

java_opts() {
  local role="$1" opts
  opts="$(read_config env.java.default-opts.all "") $(read_config env.java.opts.all "$(read_config env.java.opts "")")"
  opts+=" $(read_config "env.java.default-opts.$role" "") $(read_config "env.java.opts.$role" "")"
  opts="$(expand_env "$opts")"
  opts="${opts//\"/}"
  printf '%s' "-XX:+IgnoreUnrecognizedVMOptions $opts"
}

run_flink() {
  local service="$1" class="$2" role="$3"
  shift 3
  local -a args=("$@")
  JVM_ARGS="${JVM_ARGS:-}"
  DYNAMIC_PARAMETERS=""
  case "$role" in
    jobmanager) resource_params GET_JM_RESOURCE_PARAMS "${args[@]}" ;;
    taskmanager) resource_params GET_TM_RESOURCE_PARAMS "${args[@]}" ;;
  esac
  # shellcheck disable=SC2206 # dynamic parameters are "-D k=v -D k=v": split on spaces, as Flink's scripts do
  args=("--configDir" "$FLINK_CONF_DIR" $DYNAMIC_PARAMETERS "${args[@]}")

  local log_file="$FLINK_LOG_DIR/flink-flink-$service-0-$(hostname).log"
  local -a log_setting=(
    "-Dlog.file=$log_file"
    "-Dlog4j.configuration=file:$FLINK_CONF_DIR/log4j-console.properties"
    "-Dlog4j.configurationFile=file:$FLINK_CONF_DIR/log4j-console.properties"
    "-Dlogback.configurationFile=file:$FLINK_CONF_DIR/logback-console.xml"
  )
  local -a drop=()
  if [[ $(id -u) == 0 ]] && id flink >/dev/null 2>&1 && command -v setpriv >/dev/null; then
    mkdir -p "$FLINK_LOG_DIR" && chown flink: "$FLINK_LOG_DIR" 2>/dev/null || true
    drop=(setpriv --reuid=flink --regid=flink --init-groups)
  fi
  local java_opts_value
  java_opts_value="$(java_opts "$role")"
  echo "Starting $service as a console application on host $(hostname)."
  # shellcheck disable=SC2086 # JVM_ARGS and java options are space-separated lists
  exec "${drop[@]}" "$JAVA_RUN" $JVM_ARGS $java_opts_value "${log_setting[@]}" \
    -classpath "$CLASSPATH" "$class" "${args[@]}"
}

command="${1:-help}"
if [[ $command == help ]]; then usage; exit 0; fi
[[ $# -gt 0 ]] && shift
CLASSPATH="$(lib_classpath)"
enable_built_in_plugins
prepare_configuration

case "$command" in
  jobmanager)
    echo "Starting Job Manager"
    run_flink standalonesession org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint jobmanager "$@" ;;
  standalone-job)
    echo "Starting Job Manager"
    run_flink standalonejob org.apache.flink.container.entrypoint.StandaloneApplicationClusterEntryPoint jobmanager "$@" ;;
  taskmanager)
    echo "Starting Task Manager"
    run_flink taskexecutor org.apache.flink.runtime.taskexecutor.TaskManagerRunner taskmanager "$@" ;;
  history-server)
    echo "Starting History Server"
    run_flink historyserver org.apache.flink.runtime.webmonitor.history.HistoryServer historyserver "$@" ;;
  *)
    exec "$command" "$@" ;;
esac
