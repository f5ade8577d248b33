#!/usr/bin/env bash
# Regenerates assets/fonts/NotoSansSC-Lookout.otf, the Chinese font built
# into Lookout for machines without a CJK font (a server running lookoutd).
# It is Noto Sans CJK SC Regular (Debian's fonts-noto-cjk, SIL OFL 1.1)
# cut down to ASCII, Latin-1, general and CJK punctuation, full-width forms
# and the 3 755 commonest hanzi (GB 2312 level 1, 99.7 % of modern text). Needs python3-fonttools (Debian).
set -euo pipefail
src=${1:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}
out=$(dirname "$0")/../assets/fonts/NotoSansSC-Lookout.otf
py=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$py" - "$work/chars.txt" <<'PY'
import sys
chars = set()
for hi in range(0xB0, 0xD8):            # GB 2312 level 1: the 3 755 commonest hanzi
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
ranges = [(0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2100, 0x215F), (0x2190, 0x21FF),
          (0x2460, 0x24FF), (0x25A0, 0x25FF), (0x3000, 0x303F), (0xFF00, 0xFFEF)]
for lo, hi in ranges:
    chars.update(chr(c) for c in range(lo, hi + 1))
open(sys.argv[1], "w", encoding="utf-8").write("".join(sorted(chars)))
PY
# Member 2 of the Noto Sans CJK collection is the SC (Simplified Chinese) face.
"$py" -m fontTools.subset "$src" --font-number=2 --text-file="$work/chars.txt" \
  --no-hinting --name-IDs='*' --output-file="$out"
ls -l "$out"
