// Package fonts embeds the fonts Lookout draws chart text with when the
// machine has no CJK font of its own (a server running lookoutd, a minimal
// desktop): a subset of Noto Sans CJK SC Regular holding ASCII, Latin-1,
// punctuation, full-width forms and the 3 755 commonest hanzi (GB 2312
// level 1), 1.5 MB. It is made by scripts/fontsubset.sh from Debian's
// fonts-noto-cjk and is under the SIL Open Font License 1.1 (OFL.txt).
//
// Charts prefer a full system font (engine/chart.SystemFontPaths); this
// one only fills in.
package fonts

import _ "embed"

// SansSC is the OpenType (CFF) font file.
//
//go:embed NotoSansSC-Lookout.otf
var SansSC []byte

// SansSCName describes SansSC.
const SansSCName = "Noto Sans CJK SC (GB 2312 level-1 subset)"
