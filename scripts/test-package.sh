#!/usr/bin/env bash
# make test-package: the packages make package built, checked as an admin
# would meet them. Needs root (dpkg -i on this machine).
#   scripts/test-package.sh DIST VERSION
# 1. validate: lintian (errors and warnings fail), desktop-file-validate,
#    appstreamcli validate, man --warnings, bash -n on the completions;
# 2. dpkg -i both; lookout --version / --help / snapshot under LANG=C.UTF-8
#    with nothing on stderr; lookout autostart on|status|off;
# 3. systemd-analyze verify on the installed unit, then lookoutd run exactly
#    as its ExecStart, with its Environment=, STATE_DIRECTORY and
#    CONFIGURATION_DIRECTORY, as its User= (setpriv, no capabilities,
#    no new privileges, UMask), a read-only home: /healthz answers, the
#    history database appears in the state directory, SIGTERM exits 0;
# 4. dpkg -r keeps the conffile only, dpkg --purge leaves nothing of the
#    packages but the system user (Debian policy keeps users).
set -euo pipefail
dist=${1:?dist dir} version=${2:?version}
gui=$dist/lookout_${version}_amd64.deb
daemon=$dist/lookoutd_${version}_amd64.deb
pass=0 fail=0
ok() { echo "ok   $*"; pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
check() { # check NAME CMD...: CMD's exit status decides
	local name=$1; shift
	if out=$("$@" 2>&1); then ok "$name"; else bad "$name"; echo "$out" | sed 's/^/     /'; fi
}
need() {
	for t in "$@"; do command -v "$t" >/dev/null || { bad "tool $t missing (scripts/deps.sh test)"; }; done
}
[ "$(id -u)" = 0 ] || { echo "test-package: needs root (dpkg -i)"; exit 1; }
need lintian desktop-file-validate appstreamcli systemd-analyze setpriv dpkg-deb man curl zsh fish
[ $fail = 0 ] || { echo "$pass passed, $fail failed"; exit 1; }
ls -l "$gui" "$daemon"
tmp=$(mktemp -d)
daemon_pid=
cleanup() {
	[ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

# 1. Validate the files as built.
check "lintian (no errors, no warnings)" lintian --fail-on error,warning --tag-display-limit 0 "$gui" "$daemon"
dpkg-deb -x "$gui" "$tmp/gui"
dpkg-deb -x "$daemon" "$tmp/daemon"
check "desktop-file-validate lookout's desktop entry" desktop-file-validate "$tmp"/gui/usr/share/applications/*.desktop
check "appstreamcli validate the metainfo" appstreamcli validate --no-net "$tmp"/gui/usr/share/metainfo/*.metainfo.xml
for m in "$tmp"/gui/usr/share/man/man1/lookout.1.gz "$tmp"/daemon/usr/share/man/man8/lookoutd.8.gz; do
	check "man --warnings $(basename "$m")" bash -c "w=\$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l '$m' 2>&1 >/dev/null); [ -z \"\$w\" ] || { echo \"\$w\"; exit 1; }"
done
check "bash -n the completions" bash -n "$tmp"/gui/usr/share/bash-completion/completions/lookout "$tmp"/daemon/usr/share/bash-completion/completions/lookoutd
check "zsh -n the completions" zsh -n "$tmp"/gui/usr/share/zsh/vendor-completions/_lookout "$tmp"/daemon/usr/share/zsh/vendor-completions/_lookoutd
for p in gui/usr/share/fish/vendor_completions.d/lookout.fish daemon/usr/share/fish/vendor_completions.d/lookoutd.fish; do
	check "fish -n $(basename $p)" fish -n "$tmp/$p"
done
fishc=$(fish -c "source $tmp/gui/usr/share/fish/vendor_completions.d/lookout.fish; complete -C 'lookout autostart '" | tr '\n' ' ')
[ "$fishc" = "off on status " ] && ok "fish completes lookout autostart to on/off/status" || bad "fish completes lookout autostart to: $fishc"
for p in lookout lookoutd; do
	for f in /usr/bin/$p /usr/share/man/man[18]/$p.[18].gz /usr/share/bash-completion/completions/$p \
		/usr/share/zsh/vendor-completions/_$p /usr/share/fish/vendor_completions.d/$p.fish; do
		d=$tmp/gui; [ $p = lookoutd ] && d=$tmp/daemon
		compgen -G "$d$f" >/dev/null || bad "$p's package lacks $f"
	done
done
for s in 16 22 24 32 48 64 128 256; do
	[ -f "$tmp/gui/usr/share/icons/hicolor/${s}x${s}/apps/io.github.lookout.monitor.png" ] || bad "icon ${s}x${s} missing"
done
dpkg-deb -f "$gui" Depends | grep -q libgl1 && ok "lookout Depends on libgl1" || bad "lookout Depends lacks libgl1"
dpkg-deb -f "$gui" Recommends | grep -q fonts-noto-cjk && ok "lookout Recommends fonts-noto-cjk" || bad "Recommends lacks fonts-noto-cjk"
grep -qx "/etc/lookout/lookoutd.toml" <(dpkg-deb --ctrl-tarfile "$daemon" | tar -xO ./conffiles) &&
	ok "lookoutd.toml is a conffile" || bad "/etc/lookout/lookoutd.toml is not a conffile"

# The tar.xz's tree: make install PREFIX=... puts the debs' files in place.
tree=$dist/lookout-$version
if [ -f "$tree/Makefile" ]; then
	make -s -C "$tree" install PREFIX=/opt/lookout DESTDIR="$tmp/dest" >/dev/null
	debs=$( (cd "$tmp/gui" && find . -type f; cd "$tmp/daemon" && find . -type f) | sed 's|^\./usr/|./opt/lookout/|' | sort)
	got=$(cd "$tmp/dest" && find . -type f | sort)
	[ "$debs" = "$got" ] && ok "make install PREFIX=/opt/lookout places the debs' $(wc -l <<<"$got") files" ||
		{ bad "make install's files differ from the debs'"; diff <(echo "$debs") <(echo "$got") | head; }
	grep -q '^ExecStart=/opt/lookout/bin/lookoutd ' "$tmp/dest/opt/lookout/lib/systemd/system/lookoutd.service" &&
		ok "make install points the unit at \$PREFIX/bin/lookoutd" || bad "make install left the unit's ExecStart"
	make -s -C "$tree" uninstall PREFIX=/opt/lookout DESTDIR="$tmp/dest" >/dev/null
	[ "$(cd "$tmp/dest" && find . -type f)" = "./etc/lookout/lookoutd.toml" ] && ok "make uninstall keeps only the configuration" ||
		bad "make uninstall left: $(cd "$tmp/dest" && find . -type f | head)"
else
	bad "no tree $tree (mkpkg)"
fi

# 2. Install, run the desktop binary's command line.
dpkg --purge lookout lookoutd >/dev/null 2>&1 || true
# The user a previous run's package created: this run's postinst must make it.
if getent passwd lookoutd >/dev/null; then userdel lookoutd; fi
if getent group lookoutd >/dev/null; then groupdel lookoutd; fi
check "dpkg -i both packages" dpkg -i "$gui" "$daemon"
check "lookout --version prints $version" bash -c "[ \"\$(lookout --version)\" = 'lookout $version' ]"
check "lookoutd --version prints $version" bash -c "[ \"\$(lookoutd --version)\" = 'lookoutd $version' ]"
home=$tmp/home; mkdir -p "$home"
quiet() { # quiet NAME CMD...: exit 0, something on stdout, nothing on stderr, under LANG=C.UTF-8
	local name=$1; shift
	if env -i PATH=/usr/bin:/bin HOME="$home" LANG=C.UTF-8 "$@" >"$tmp/out" 2>"$tmp/err" && [ -s "$tmp/out" ] && [ ! -s "$tmp/err" ]; then
		ok "$name"
	else
		bad "$name"; sed 's/^/     stderr: /' "$tmp/err"; head -5 "$tmp/out" | sed 's/^/     stdout: /'
	fi
}
quiet "lookout snapshot: output, empty stderr under LANG=C.UTF-8" lookout snapshot
quiet "lookout --help exits 0, empty stderr" lookout --help
quiet "lookoutd --help exits 0, empty stderr" lookoutd --help
set +e
env -i PATH=/usr/bin:/bin HOME="$home" lookout frobnicate >/dev/null 2>&1; code=$?
set -e
[ $code = 2 ] && ok "an unknown command exits 2" || bad "an unknown command exited $code, not 2"
xdg=$tmp/xdg
check "lookout autostart on" env HOME="$home" XDG_CONFIG_HOME="$xdg" lookout autostart on
check "autostart entry passes desktop-file-validate" desktop-file-validate "$xdg/autostart/lookout.desktop"
grep -qx 'Exec=/usr/bin/lookout --hidden' "$xdg/autostart/lookout.desktop" && ok "autostart runs lookout --hidden" ||
	bad "autostart Exec: $(grep Exec "$xdg/autostart/lookout.desktop")"
env HOME="$home" XDG_CONFIG_HOME="$xdg" lookout autostart status | grep -q "starts at login" && ok "autostart status: on" || bad "autostart status"
check "lookout autostart off" env HOME="$home" XDG_CONFIG_HOME="$xdg" lookout autostart off
[ ! -e "$xdg/autostart/lookout.desktop" ] && ok "autostart off removed the entry" || bad "autostart off left the entry"

# 3. The unit, and lookoutd run as the unit runs it.
unit=/usr/lib/systemd/system/lookoutd.service
check "systemd-analyze verify $unit" systemd-analyze verify "$unit"
getent passwd lookoutd >/dev/null && ok "system user lookoutd exists" || bad "no system user lookoutd"
key() { sed -n "s/^$1=//p" "$unit"; }
user=$(key User) group=$(key Group) state=/var/lib/$(key StateDirectory) confdir=/etc/$(key ConfigurationDirectory)
umask_=$(key UMask)
exec_start=$(key ExecStart)
exec_start=${exec_start//\$\{CONFIGURATION_DIRECTORY\}/$confdir}
exec_start=${exec_start//\$\{STATE_DIRECTORY\}/$state}
listen=$(sed -n 's/.*--listen \([^ ]*\).*/\1/p' <<<"$exec_start")
unit_env=()
while read -r e; do unit_env+=("$e"); done < <(key Environment)
# What systemd does before ExecStart: the state directory, owned by the
# user, with StateDirectoryMode; HOME from passwd, read-only (ProtectHome).
install -d -o "$user" -g "$group" -m "$(key StateDirectoryMode)" "$state"
rohome=$tmp/rohome; install -d -m 0555 "$rohome"
(
	umask "$umask_"
	# shellcheck disable=SC2086
	exec setpriv --reuid="$user" --regid="$group" --init-groups --no-new-privs --inh-caps=-all --bounding-set=-all -- \
		env -i PATH=/usr/bin:/bin HOME="$rohome" USER="$user" LOGNAME="$user" STATE_DIRECTORY="$state" \
		CONFIGURATION_DIRECTORY="$confdir" "${unit_env[@]}" $exec_start
) >"$tmp/daemon.log" 2>&1 &
daemon_pid=$!
healthy=
for _ in $(seq 1 120); do
	if curl -fsS "http://$listen/healthz" >"$tmp/healthz" 2>/dev/null; then healthy=1; break; fi
	kill -0 "$daemon_pid" 2>/dev/null || break
	sleep 0.5
done
if [ -n "$healthy" ]; then ok "lookoutd run (as $user, the unit's ExecStart) answers /healthz"; else
	bad "lookoutd run never answered http://$listen/healthz"; sed 's/^/     log: /' "$tmp/daemon.log"
fi
# The first poll's figures come after the endpoint is up.
metrics=
for _ in $(seq 1 120); do
	if curl -fsS "http://$listen/metrics" 2>/dev/null | grep -q '^lookout_host_up'; then metrics=1; break; fi
	kill -0 "$daemon_pid" 2>/dev/null || break
	sleep 0.5
done
[ -n "$metrics" ] && ok "/metrics has lookout_host_up" || bad "/metrics lacks lookout_host_up"
for _ in $(seq 1 60); do [ -e "$state/history.db" ] && break; sleep 0.5; done
[ -e "$state/history.db" ] && ok "history.db in \$STATE_DIRECTORY ($state)" || bad "no history.db in $state: $(ls -la "$state")"
[ "$(stat -c %U "$state/history.db" 2>/dev/null)" = "$user" ] && ok "history.db owned by $user" || bad "history.db not owned by $user"
[ -z "$(ls -A "$rohome")" ] && ok "nothing written to the home" || bad "lookoutd wrote to the read-only home"
kill -TERM "$daemon_pid" 2>/dev/null || true
set +e
wait "$daemon_pid"; code=$?
set -e
daemon_pid=
[ $code = 0 ] && ok "SIGTERM: lookoutd run exits 0" || { bad "lookoutd run exited $code on SIGTERM"; tail -5 "$tmp/daemon.log"; }
grep -q 'level=ERROR' "$tmp/daemon.log" && { bad "lookoutd logged errors"; grep 'level=ERROR' "$tmp/daemon.log" | head -5; } || ok "lookoutd logged no errors"

# 4. Remove, then purge.
files=$( (dpkg -L lookout; dpkg -L lookoutd) | sort -u)
check "dpkg -r both packages" dpkg -r lookout lookoutd
[ -f /etc/lookout/lookoutd.toml ] && ok "dpkg -r keeps the conffile" || bad "dpkg -r removed the conffile"
[ -e "$state/history.db" ] && ok "dpkg -r keeps the state (history.db)" || bad "dpkg -r removed $state"
[ ! -e /usr/bin/lookout ] && [ ! -e /usr/bin/lookoutd ] && ok "dpkg -r removed the binaries" || bad "binaries left after dpkg -r"
check "dpkg --purge both packages" dpkg --purge lookout lookoutd
left=()
while read -r f; do
	[ -z "$f" ] && continue
	if [ -d "$f" ]; then
		# A directory may stay when something else owns it or holds files.
		dpkg -S "$f" >/dev/null 2>&1 || [ -n "$(ls -A "$f")" ] || left+=("$f")
	elif [ -e "$f" ] || [ -L "$f" ]; then
		left+=("$f")
	fi
done <<<"$files"
for f in /etc/lookout /var/lib/lookoutd; do [ -e "$f" ] && left+=("$f"); done
if [ ${#left[@]} = 0 ]; then ok "purge left nothing of the packages"; else bad "purge left: ${left[*]}"; fi
getent passwd lookoutd >/dev/null && ok "the system user stays (policy)" || bad "the system user was removed"

echo "test-package: $pass passed, $fail failed"
[ $fail = 0 ]
