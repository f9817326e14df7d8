#!/usr/bin/env bash
# faults.kill-taskmanager / faults.kill-jobmanager: SIGKILL the Flink JVM in a pod of the current
# generation ($FRH_TASKMANAGER_INDEX picks the TaskManager), as an OOM kill would; the kubelet restarts
# the container in place. The pods share their process namespace, so the JVM is not PID 1.
source "$(dirname "$0")/lib.sh"
component=$1
pod=$(k get pods -l "app=flink,component=$component,generation=$FRH_GENERATION" --field-selector=status.phase=Running -o name | sort | sed -n "$(( ${FRH_TASKMANAGER_INDEX:-0} + 1 ))p")
[ -n "$pod" ] || { echo "no running $component pod in generation $FRH_GENERATION" >&2; exit 1; }
out=$(k exec "$pod" -c "$component" -- sh -c 'for p in /proc/[0-9]*; do case "$(head -c 200 "$p/cmdline" 2>/dev/null | tr "\0" " " | cut -d" " -f1)" in java|*/java) kill -9 "${p#/proc/}" && echo "killed ${p#/proc/}";; esac; done')
case $out in *killed*) ;; *) echo "no JVM to kill in $pod: $out" >&2; exit 1 ;; esac
