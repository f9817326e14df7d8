# Shared by the example resume commands: lists this deployment's snapshots in S3 with plain curl
# (SigV4), one line each: "<generation> <checkpoint id> <s3 path>". Sourced, not run.
# Needs the environment the harness gives a resume command (see harness/platforms/resume/command.ts).

s3_get() { # path-and-query [extra curl args...]
  local target=$1; shift
  curl -fsS --aws-sigv4 "aws:amz:${AWS_REGION}:s3" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" \
    -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' "$@" "$FRH_S3_ENDPOINT/$target"
}

# Percent-encodes all but the unreserved characters, as SigV4's canonical query string wants.
uri_encode() {
  local text=$1 out='' c i
  for ((i = 0; i < ${#text}; i++)); do
    c=${text:i:1}
    case $c in [A-Za-z0-9._~-]) out+=$c ;; *) out+=$(printf '%%%02X' "'$c") ;; esac
  done
  printf %s "$out"
}

# Keys of every _metadata object under a prefix of the bucket, following continuation tokens.
metadata_keys() { # prefix
  local token='' page
  while :; do
    # SigV4 signs the query as sent: parameters in order, values percent-encoded.
    page=$(s3_get "$FRH_S3_BUCKET?${token:+continuation-token=$(uri_encode "$token")&}list-type=2&prefix=$(uri_encode "$1")")
    printf '%s' "$page" | grep -o '<Key>[^<]*/_metadata</Key>' | sed 's/<[^>]*>//g' || true
    printf '%s' "$page" | grep -q '<IsTruncated>true</IsTruncated>' || break
    token=$(printf '%s' "$page" | grep -o '<NextContinuationToken>[^<]*' | sed 's/<[^>]*>//')
  done
}

# The checkpoint id in a _metadata header: a 4-byte magic number, a 4-byte version, then the id (8 bytes, big-endian).
checkpoint_id() { # key
  local hex
  hex=$(s3_get "$FRH_S3_BUCKET/$1" -r 8-15 | od -An -tx1 | tr -d ' \n')
  echo $((16#$hex))
}

dir_of() { echo "${1%/_metadata}"; }
bucket_relative() { echo "${1#s3://$FRH_S3_BUCKET/}"; }

lineage_snapshots() {
  local generation=0 job checkpoints savepoints key
  checkpoints=$(bucket_relative "$FRH_CHECKPOINTS_DIR")
  savepoints=$(bucket_relative "$FRH_SAVEPOINTS_DIR")
  for job in ${FRH_JOB_IDS//,/ }; do
    generation=$((generation + 1))
    for key in $(metadata_keys "$checkpoints/$job/chk-"); do
      echo "$generation $(checkpoint_id "$key") s3://$FRH_S3_BUCKET/$(dir_of "$key")"
    done
    for key in $(metadata_keys "$savepoints/savepoint-${job:0:6}-"); do
      echo "$generation $(checkpoint_id "$key") s3://$FRH_S3_BUCKET/$(dir_of "$key")"
    done
  done
}
