#!/usr/bin/env bash
# commands.delete: everything deploy and resume created.
source "$(dirname "$0")/lib.sh"
k delete deploy,svc,secret,pvc,serviceaccount,role,rolebinding -l "$PART_OF" --wait=false >/dev/null
# Flink's own HA ConfigMaps (labelled by Flink, not by us) stay, as Flink documents; remove them too.
k delete configmap -l type=flink-native-kubernetes --wait=false >/dev/null
