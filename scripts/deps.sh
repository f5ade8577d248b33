#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Lookout needs, only those missing.
#   scripts/deps.sh build   what `make run` needs: C headers for Fyne (GLFW, X11, Wayland)
#   scripts/deps.sh test    what `make test` needs besides: Xvfb, D-Bus, OpenSSH, Prometheus, fonts
# Runs apt-get through sudo when not root.
set -euo pipefail
build=(gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev
  libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev fonts-noto-cjk)
test=(xvfb xauth libgl1-mesa-dri libglx-mesa0 x11-utils x11-apps dbus dbus-x11 openssh-server
  openssh-client prometheus prometheus-node-exporter imagemagick procps
  docker.io busybox podman runc)
want=("${build[@]}")
[ "${1:-build}" = test ] && want+=("${test[@]}")
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v go >/dev/null 2>&1; then
  echo "deps: Go is not installed; install Go 1.26.8 or newer first (go.mod)" >&2
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo=sudo
echo "deps: installing ${missing[*]}" >&2
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
# Debian's prometheus packages try to start their services; in a container
# with no init that fails harmlessly, so policy-rc.d keeps them quiet.
$sudo env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
