#!/usr/bin/env bash
# commands.delete: helm uninstall; Flink's own HA ConfigMaps are not the release's, so they go too.
source "$(dirname "$0")/lib.sh"
h uninstall "$RELEASE" --wait=false >/dev/null 2>&1 || true
k delete configmap -l type=flink-native-kubernetes --wait=false >/dev/null
