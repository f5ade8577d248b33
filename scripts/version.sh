#!/bin/sh
# Prints Lookout's version, valid as a Debian version, from git describe:
#   tag v1.2.0 on HEAD           -> 1.2.0
#   3 commits after it           -> 1.2.0+git3.g1a2b3c4
#   no tag yet                   -> 0.1.0~git196.g9c5c598 (FyneApp.toml's Version;
#                                   ~ sorts before the release itself)
#   uncommitted changes          -> ... .dirty appended
cd "$(dirname "$0")/.." || exit 1
base=$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
if d=$(git describe --tags --long --match 'v[0-9]*' --dirty 2>/dev/null); then
	# v1.2.0-3-g1a2b3c4[-dirty]
	dirty=; case $d in *-dirty) dirty=.dirty; d=${d%-dirty} ;; esac
	hash=${d##*-}; d=${d%-*}; n=${d##*-}; tag=${d%-*}; tag=${tag#v}
	if [ "$n" = 0 ]; then v=$tag; else v="$tag+git$n.$hash"; fi
	echo "$v$dirty" | tr -- '-_' '~~' | sed 's/~git/+git/'
elif hash=$(git rev-parse --short HEAD 2>/dev/null); then
	n=$(git rev-list --count HEAD)
	dirty=; [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] && dirty=.dirty
	echo "${base:-0.0.0}~git$n.g$hash$dirty"
else
	echo "${base:-0.0.0}~dev"
fi
