#!/usr/bin/env bash
# Entrypoint of frh/flink-kubernetes-operator.
#   operator   run the operator (org.apache.flink.kubernetes.operator.FlinkOperator) in the foreground
#   help       this text
#   anything else is run as a command
# Environment: FLINK_CONF_DIR (flink-conf.yaml, log4j-operator.properties), JVM_ARGS (extra JVM
# options), LOG_CONFIG (replaces the default -Dlog4j.configurationFile=...), OPERATOR_NAMESPACE.
set -eo pipefail

OPERATOR_HOME="${OPERATOR_HOME:-/opt/flink-kubernetes-operator}"
export FLINK_CONF_DIR="${FLINK_CONF_DIR:-/opt/flink/conf}"

# The module flags Flink's own distribution gives Java 17 (the operator runs Flink's client classes,
# Kryo among them); harmless for the operator's own code.
JAVA_MODULE_OPTIONS=(
  --add-exports=java.base/sun.net.util=ALL-UNNAMED
  --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
)
for pkg in java.lang java.net java.io java.nio sun.nio.ch java.lang.reflect java.text java.time java.util \
           java.util.concurrent java.util.concurrent.atomic java.util.concurrent.locks; do
  JAVA_MODULE_OPTIONS+=("--add-opens=java.base/$pkg=ALL-UNNAMED")
done

case "${1:-operator}" in
  help)
    sed -n '2,/^set /p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'
    ;;
  operator)
    echo "Starting Flink Kubernetes Operator ${OPERATOR_VERSION:-} (conf: $FLINK_CONF_DIR)"
    # shellcheck disable=SC2086 # LOG_CONFIG and JVM_ARGS are space-separated option lists
    exec java "${JAVA_MODULE_OPTIONS[@]}" ${LOG_CONFIG:--Dlog4j.configurationFile=$FLINK_CONF_DIR/log4j-operator.properties} \
      ${JVM_ARGS:-} -cp "$OPERATOR_HOME/lib/*" org.apache.flink.kubernetes.operator.FlinkOperator
    ;;
  *)
    exec "$@"
    ;;
esac
