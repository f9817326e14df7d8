#!/usr/bin/env bash
# Builds the root filesystem tarball of frh/base and prints its path.
# Usage: base/build.sh CACHE_KEY
#   1. debootstrap --variant=minbase <suite> (version) from <mirror>
#   2. in the chroot: apt-get install --no-install-recommends the packages of `packages` together
#      with empty stub packages (`stubs`), then trim apt caches and docs.
# The tarball is cached under ${FRH_CACHE:-$HOME/.cache/frh}/base/<suite>-<CACHE_KEY>/rootfs.tar,
# so re-importing the image (after `docker image prune`, say) does not run debootstrap again.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
key="${1:?usage: base/build.sh CACHE_KEY}"
list() { grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$1"; }
suite="$(list "$here/version" | head -n1)"
mirror="$(list "$here/mirror" | head -n1)"
cache="${FRH_CACHE:-$HOME/.cache/frh}/base/${suite}-${key}"
out="$cache/rootfs.tar"
if [[ -s "$out" ]]; then echo "$out"; exit 0; fi

command -v debootstrap >/dev/null || { echo "debootstrap missing: apt-get install -y debootstrap" >&2; exit 1; }
[[ $(id -u) == 0 ]] || { echo "base/build.sh needs root (debootstrap, chroot)" >&2; exit 1; }
mkdir -p "$cache"
root="$(mktemp -d "$cache/rootfs.XXXXXX")"
log="$cache/build.log"
cleanup() {
  for m in dev/pts dev proc sys; do mountpoint -q "$root/$m" 2>/dev/null && umount -l "$root/$m"; done
  rm -rf --one-file-system "$root"
}
trap cleanup EXIT
fail() { echo "base: $1 failed; last lines of $log:" >&2; tail -n 30 "$log" >&2; exit 1; }

debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$log" 2>&1 || fail debootstrap

# Stub packages, built with dpkg-deb on the host.
stubdir="$root/tmp/stubs"; mkdir -p "$stubdir"
while read -r name depends; do
  d="$(mktemp -d)"; mkdir -p "$d/DEBIAN"
  cat >"$d/DEBIAN/control" <<CONTROL
Package: $name
Version: 99:0-frh
Architecture: all
Maintainer: flink-restore-harness <noreply@invalid>
Depends: $depends
Description: empty stand-in for $name (frh/base)
CONTROL
  dpkg-deb --root-owner-group -b "$d" "$stubdir/$name.deb" >>"$log" 2>&1 || fail dpkg-deb
  rm -rf "$d"
done < <(list "$here/stubs")

mount -t proc proc "$root/proc"; mount -t sysfs sys "$root/sys"
mount --bind /dev "$root/dev"; mount --bind /dev/pts "$root/dev/pts"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mapfile -t pkgs < <(list "$here/packages")
# apt resolves the local stub .debs together with the wanted packages (stubs win: version 99:).
chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LC_ALL=C \
  sh -euc 'apt-get update -q && apt-get install -y -q --no-install-recommends "$@"' sh \
  $(cd "$root" && ls tmp/stubs/*.deb 2>/dev/null | sed 's|^|/|') "${pkgs[@]}" >>"$log" 2>&1 || fail "apt-get install"
chroot "$root" dpkg-query -W -f '${Package} ${Version}\n' >"$cache/packages.lock"
for m in dev/pts dev proc sys; do umount -l "$root/$m"; done

# Trim what a container never needs.
rm -rf "$root"/tmp/stubs "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
       "$root"/var/lib/apt/lists/* "$root"/var/log/*.log "$root"/var/log/apt/* \
       "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
       "$root"/var/cache/debconf/*-old "$root"/var/lib/dpkg/*-old
: >"$root/etc/resolv.conf"; echo localhost >"$root/etc/hostname"   # docker injects its own
tar --numeric-owner -C "$root" -cf "$out.tmp" .
mv "$out.tmp" "$out"
echo "$out"
