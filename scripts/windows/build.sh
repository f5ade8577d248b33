#!/usr/bin/env bash
# Cross-builds Lookout for 64-bit Windows (make windows):
#   $BIN/windows/lookout.exe    the window, Fyne with cgo through mingw-w64,
#                               a GUI program (-H windowsgui) with the icon
#   $BIN/windows/lookoutd.exe   the daemon, pure Go (CGO_ENABLED=0)
#   $BIN/lookout-$VERSION-windows-amd64.zip   both, with README.txt
# Needs gcc-mingw-w64-x86-64 and zip (scripts/deps.sh windows). Everything
# goes through the Go build cache: a cold build of lookout.exe takes
# minutes (Fyne's C), a warm one seconds.
set -euo pipefail
cd "$(dirname "$0")/../.."
GO=${GO:-go}
BIN=${BIN:-bin}
VERSION=${VERSION:-dev}
LDFLAGS=${LDFLAGS:-"-X lookout/app.Version=$VERSION -X main.version=$VERSION"}
CC_WIN=${CC_WIN:-x86_64-w64-mingw32-gcc}
WINDRES=${WINDRES:-x86_64-w64-mingw32-windres}
out=$BIN/windows
mkdir -p "$out"

# The icon and manifest, as a COFF object that go build links for
# windows/amd64 only (the name says so; it is not committed).
$GO run ./scripts/winicon -o "$out/lookout.ico" assets/icon.png
$WINDRES -I "$out" -I scripts/windows -O coff -o rsrc_windows_amd64.syso scripts/windows/lookout.rc

export GOOS=windows GOARCH=amd64
CGO_ENABLED=1 CC=$CC_WIN $GO build -ldflags "$LDFLAGS -H windowsgui" -o "$out/lookout.exe" .
CGO_ENABLED=0 $GO build -ldflags "$LDFLAGS" -o "$out/lookoutd.exe" ./cmd/lookoutd
unset GOOS GOARCH

zip=$BIN/lookout-$VERSION-windows-amd64.zip
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/Lookout"
cp "$out/lookout.exe" "$out/lookoutd.exe" "$stage/Lookout/"
sed 's/$/\r/' scripts/windows/README.txt >"$stage/Lookout/README.txt" # Notepad's line ends
cp lookout.example.toml "$stage/Lookout/lookout.example.toml"
rm -f "$zip"
(cd "$stage" && zip -q -9 -r - Lookout) >"$zip"
echo "windows: $out/lookout.exe $out/lookoutd.exe $zip"
