#!/usr/bin/env bash
# Makes the local base images of the function images when the official ones cannot be had
# (no registry reachable):
#
#   camel-hydra/base-busybox:1           FROM scratch + Debian's static busybox
#   camel-hydra/base-debian:bookworm-1   debootstrap --variant=minbase bookworm, trimmed, docker import
#
# An image that already exists is left alone (remove it to force a rebuild). Before bootstrapping,
# the official image (busybox:1.36, debian:bookworm-slim) is used when it is present locally or can
# be pulled within HYDRA_PULL_TIMEOUT seconds (default 20): it is then tagged with the local name.
#
# Environment:
#   HYDRA_BASE_DEBIAN    an image to use instead of the Debian base (nothing is built; build-images.sh passes it as BASE)
#   HYDRA_BASE_BUSYBOX   likewise for the busybox base
#   HYDRA_DEBIAN_MIRROR  Debian mirror for debootstrap (default: the host's apt sources, else http://deb.debian.org/debian)
#   HYDRA_DEBIAN_SECURITY_MIRROR  security mirror (default: the host's apt sources, else http://deb.debian.org/debian-security)
#   HYDRA_PULL_TIMEOUT   seconds allowed for trying to pull an official image (default 20; 0 = do not try)
#   HYDRA_WORK_DIR       where temporary build folders go (default: $TMPDIR or /var/tmp)
#
# Needs: a running Docker engine (scripts/ensure-docker.sh), and, to bootstrap Debian, root with apt-get.
set -euo pipefail

readonly BUSYBOX_IMAGE=camel-hydra/base-busybox:1
readonly BUSYBOX_OFFICIAL=busybox:1.36
readonly DEBIAN_IMAGE=camel-hydra/base-debian:bookworm-1
readonly DEBIAN_OFFICIAL=debian:bookworm-slim
readonly SUITE=bookworm

log() { echo "[hydra] $*" >&2; }
die() { echo "[hydra] ERROR: $*" >&2; exit 1; }

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# Temporary folders, removed on exit whatever happens (mounts below them are undone first).
TEMP_DIRS=()
cleanup() {
  local d
  for d in "${TEMP_DIRS[@]}"; do
    [ -d "$d" ] || continue
    unmount_below "$d"
    rm -rf --one-file-system "$d"
  done
}
trap cleanup EXIT

work_root() { echo "${HYDRA_WORK_DIR:-${TMPDIR:-/var/tmp}}"; }

# Present locally, or pulled within the bound. Never fails the script.
official_available() {
  local image=$1 bound=${HYDRA_PULL_TIMEOUT:-20}
  image_exists "$image" && return 0
  [ "$bound" -gt 0 ] 2>/dev/null || return 1
  timeout "$bound" docker pull -q "$image" >/dev/null 2>&1 && image_exists "$image"
}

# An override named by the user must exist (or be pullable); nothing is built for it.
check_override() {
  local var=$1 image=$2
  if official_available "$image"; then
    log "$var=$image: using it as the base (nothing to build)"
  else
    die "$var=$image names an image that is not present and cannot be pulled. Build or load it first, or unset $var."
  fi
}

have_root_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }

# ---------------------------------------------------------------------------------------------
# busybox
# ---------------------------------------------------------------------------------------------

# Puts a static busybox binary at $1. Uses the installed busybox-static package; otherwise
# downloads the package with apt-get and unpacks it into the temporary folder (the host is not
# changed, and the dynamic 'busybox' package, which conflicts with busybox-static, is not removed).
fetch_static_busybox() {
  local dest=$1 dir
  if dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' && [ -x /bin/busybox ]; then
    cp /bin/busybox "$dest"
    return
  fi
  command -v apt-get >/dev/null 2>&1 || die "no static busybox: install Debian's busybox-static package (or set HYDRA_BASE_BUSYBOX to an existing image)"
  dir=$(dirname "$(dirname "$dest")")/deb
  mkdir -p "$dir"
  chmod 777 "$dir" # lets apt's sandbox user write the download
  log "fetching Debian's busybox-static package..."
  if ! (cd "$dir" && apt-get download -q busybox-static >/dev/null 2>&1); then
    have_root_apt || die "apt-get download busybox-static failed; install busybox-static on this machine"
    apt-get update -qq >/dev/null 2>&1 || true
    (cd "$dir" && apt-get download -q busybox-static >/dev/null 2>&1) \
      || die "apt-get download busybox-static failed: check the Debian apt sources of this machine"
  fi
  dpkg-deb -x "$dir"/busybox-static_*.deb "$dir/root"
  cp "$dir/root/bin/busybox" "$dest"
  rm -rf "$dir"
}

build_busybox_base() {
  if [ -n "${HYDRA_BASE_BUSYBOX:-}" ]; then check_override HYDRA_BASE_BUSYBOX "$HYDRA_BASE_BUSYBOX"; return; fi
  if image_exists "$BUSYBOX_IMAGE"; then log "$BUSYBOX_IMAGE: present"; return; fi
  if official_available "$BUSYBOX_OFFICIAL"; then
    docker tag "$BUSYBOX_OFFICIAL" "$BUSYBOX_IMAGE"
    log "$BUSYBOX_IMAGE: tagged from the official $BUSYBOX_OFFICIAL"
    return
  fi
  local ctx start version
  start=$SECONDS
  ctx=$(mktemp -d "$(work_root)/hydra-busybox.XXXXXX")
  TEMP_DIRS+=("$ctx")
  mkdir "$ctx/context"
  fetch_static_busybox "$ctx/context/busybox"
  chmod 755 "$ctx/context/busybox"
  version=$("$ctx/context/busybox" 2>&1 | head -n 1 | awk '{print $2}') || true
  cat >"$ctx/context/Dockerfile" <<'EOF'
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
CMD ["sh"]
EOF
  if ! docker build --force-rm -t "$BUSYBOX_IMAGE" \
      --label org.camel-hydra.base=busybox \
      --label "org.camel-hydra.busybox-version=${version:-unknown}" \
      "$ctx/context" </dev/null >"$ctx/build.log" 2>&1; then
    tail -n 30 "$ctx/build.log" >&2
    die "docker build of $BUSYBOX_IMAGE failed (the end of its output is above)"
  fi
  log "$BUSYBOX_IMAGE: built from Debian's static busybox ${version:-} in $((SECONDS - start)) s"
}

# ---------------------------------------------------------------------------------------------
# Debian
# ---------------------------------------------------------------------------------------------

# First URI of the host's apt sources that serves the given suite (deb822 .sources or one-line
# .list format); empty when none.
host_mirror_for_suite() {
  local suite=$1
  {
    cat /etc/apt/sources.list.d/*.sources 2>/dev/null \
      | awk -v suite="$suite" '
          BEGIN { RS = ""; FS = "\n" }
          {
            uri = ""; ok = 0; deb = 0
            for (i = 1; i <= NF; i++) {
              if ($i ~ /^Types:/ && $i ~ /[ \t]deb([ \t]|$)/) deb = 1
              if ($i ~ /^URIs:/) { split($i, a, /[ \t]+/); uri = a[2] }
              if ($i ~ /^Suites:/) { n = split($i, s, /[ \t]+/); for (j = 2; j <= n; j++) if (s[j] == suite) ok = 1 }
            }
            if (deb && ok && uri != "") print uri
          }'
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
      | awk -v suite="$suite" '$1 == "deb" { u = 2; if ($2 ~ /^\[/) { while ($u !~ /\]$/ && u < NF) u++; u++ } if ($(u + 1) == suite) print $u }'
  } | grep -E '^https?://' | head -n 1 || true
}

# Unmounts whatever is still mounted below $1 (deepest first).
unmount_below() {
  local dir=$1
  awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
  done
}

trim_rootfs() {
  local root=$1
  if awk -v d="$root/" 'index($2, d) == 1 { found = 1 } END { exit !found }' /proc/mounts; then
    die "something is still mounted below $root; refusing to trim it (unmount it by hand)"
  fi
  # Kept in the base: later apt-get installs skip docs, man pages and translations, and
  # never pull recommended packages; apt's caches are cleaned after each run.
  cat >"$root/etc/dpkg/dpkg.cfg.d/hydra-excludes" <<'EOF'
# camel-hydra base: no documentation, manuals or translations (licences are kept)
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
EOF
  cat >"$root/etc/apt/apt.conf.d/90hydra-no-recommends" <<'EOF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
EOF
  cat >"$root/etc/apt/apt.conf.d/90hydra-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
Acquire::Languages "none";
EOF
  # What debootstrap already unpacked: remove the same paths by hand.
  find "$root/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete 2>/dev/null || true
  find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
  rm -rf "$root/usr/share/man/"* "$root/usr/share/groff/"* "$root/usr/share/info/"* \
    "$root/usr/share/lintian/"* "$root/usr/share/linda/"*
  find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} + 2>/dev/null || true
  # Caches, logs and per-machine files.
  rm -rf "$root/var/lib/apt/lists/"* "$root/var/cache/apt/"* "$root/var/cache/debconf/"*-old \
    "$root/var/lib/dpkg/"*-old "$root/tmp/"* "$root/var/tmp/"* "$root/root/".bash_history
  mkdir -p "$root/var/lib/apt/lists/partial" "$root/var/cache/apt/archives/partial"
  find "$root/var/log" -type f -exec truncate -s 0 {} +
  : >"$root/etc/machine-id" 2>/dev/null || true
  : >"$root/etc/hostname"
  : >"$root/etc/resolv.conf"
  rm -f "$root/etc/hosts" && printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
  # Docker provides /dev, /proc and /sys at run time.
  rm -rf --one-file-system "${root:?}/dev/"* "${root:?}/proc/"* "${root:?}/sys/"*
}

bootstrap_debian() {
  have_root_apt || die "cannot build $DEBIAN_IMAGE: debootstrap needs root and apt-get on Debian. Load an image instead and set HYDRA_BASE_DEBIAN to it."
  if ! command -v debootstrap >/dev/null 2>&1; then
    log "installing debootstrap..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq debootstrap >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 || true; apt-get install -y -qq debootstrap >/dev/null; } \
      || die "apt-get install debootstrap failed"
  fi
  local mirror security keyring work root start
  mirror=${HYDRA_DEBIAN_MIRROR:-$(host_mirror_for_suite "$SUITE")}
  mirror=${mirror:-http://deb.debian.org/debian}
  security=${HYDRA_DEBIAN_SECURITY_MIRROR:-$(host_mirror_for_suite "$SUITE-security")}
  security=${security:-http://deb.debian.org/debian-security}
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  start=$SECONDS
  work=$(mktemp -d "$(work_root)/hydra-debian.XXXXXX")
  TEMP_DIRS+=("$work")
  root=$work/rootfs
  log "bootstrapping Debian $SUITE (minbase) from $mirror (about 1-2 minutes)..."
  local keyopt=()
  [ -r "$keyring" ] && keyopt=(--keyring="$keyring")
  if ! debootstrap --variant=minbase "${keyopt[@]}" "$SUITE" "$root" "$mirror" >"$work/debootstrap.log" 2>&1; then
    tail -n 30 "$work/debootstrap.log" >&2
    tail -n 30 "$root/debootstrap/debootstrap.log" >&2 2>/dev/null || true
    die "debootstrap $SUITE from $mirror failed (set HYDRA_DEBIAN_MIRROR to another Debian mirror?)"
  fi
  unmount_below "$root"

  # apt sources: the main suite, its updates and the security suite.
  rm -f "$root/etc/apt/sources.list"
  cat >"$root/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  trim_rootfs "$root"

  # Security and point-release updates (cheap: ~10 s). No services may start in the chroot.
  log "applying Debian updates in the new root..."
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod 755 "$root/usr/sbin/policy-rc.d"
  mount -t proc proc "$root/proc" || log "warning: could not mount /proc in the new root"
  if ! chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
      sh -c 'apt-get update -qq && apt-get -y -qq -o Dpkg::Options::=--force-confold upgrade' >"$work/upgrade.log" 2>&1; then
    tail -n 20 "$work/upgrade.log" >&2
    log "warning: applying Debian updates failed; the base keeps the bootstrap's package versions"
  fi
  unmount_below "$root"
  rm -f "$root/usr/sbin/policy-rc.d"
  trim_rootfs "$root"

  log "importing into Docker as $DEBIAN_IMAGE..."
  tar --numeric-owner --xattrs -C "$root" -c . \
    | docker import \
        --change 'CMD ["bash"]' \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'LABEL org.camel-hydra.base=debian-bookworm' \
        --message "camel-hydra: debootstrap --variant=minbase $SUITE $mirror" \
        - "$DEBIAN_IMAGE" >/dev/null \
    || die "docker import of $DEBIAN_IMAGE failed"
  log "$DEBIAN_IMAGE: bootstrapped in $((SECONDS - start)) s"
}

build_debian_base() {
  if [ -n "${HYDRA_BASE_DEBIAN:-}" ]; then check_override HYDRA_BASE_DEBIAN "$HYDRA_BASE_DEBIAN"; return; fi
  if image_exists "$DEBIAN_IMAGE"; then log "$DEBIAN_IMAGE: present"; return; fi
  if official_available "$DEBIAN_OFFICIAL"; then
    docker tag "$DEBIAN_OFFICIAL" "$DEBIAN_IMAGE"
    log "$DEBIAN_IMAGE: tagged from the official $DEBIAN_OFFICIAL"
    return
  fi
  bootstrap_debian
}

main() {
  docker info >/dev/null 2>&1 || die "the Docker engine does not answer: run scripts/ensure-docker.sh first"
  case "${1:-all}" in
    all) build_busybox_base; build_debian_base ;;
    busybox) build_busybox_base ;;
    debian) build_debian_base ;;
    *) die "usage: $0 [all|busybox|debian]" ;;
  esac
}

main "$@"
