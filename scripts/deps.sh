#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Lookout needs, only those missing.
#   scripts/deps.sh build   what `make run` needs: C headers for Fyne (GLFW, X11, Wayland)
#   scripts/deps.sh windows what `make windows` needs besides: mingw-w64 (cgo for Fyne), zip
#   scripts/deps.sh test    what `make test` needs besides: Xvfb, D-Bus, OpenSSH, Prometheus, fonts,
#                           and the windows list with Wine and xdotool (make test-windows)
# Runs apt-get through sudo when not root.
set -euo pipefail
build=(gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev
  libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev fonts-noto-cjk)
test=(xvfb xauth libgl1-mesa-dri libglx-mesa0 x11-utils x11-apps dbus dbus-x11 openssh-server
  openssh-client prometheus prometheus-node-exporter prometheus-alertmanager imagemagick procps busybox
  lintian desktop-file-utils appstream systemd util-linux xz-utils man-db zsh fish
  wine wine64 xdotool docker.io podman runc)
windows=(gcc-mingw-w64-x86-64 zip)
want=("${build[@]}")
[ "${1:-build}" = windows ] && want+=("${windows[@]}")
[ "${1:-build}" = test ] && want+=("${test[@]}" "${windows[@]}")
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
