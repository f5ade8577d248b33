package chart

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"log/slog"
	"os"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	embedded "lookout/assets/fonts"
)

// FontEnv names an environment variable that, when set, is the first font
// file charts try (TrueType, OpenType or a collection of either).
const FontEnv = "LOOKOUT_FONT"

// SystemFontPaths are the CJK fonts looked for on the machine, in order.
// The first that exists and parses is used for all text; Debian's
// fonts-noto-cjk comes first (Lookout's build dependencies install it).
var SystemFontPaths = []string{
	"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",   // Debian, Ubuntu
	"/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",        // Arch
	"/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", // Fedora
	"/usr/share/fonts/google-noto-sans-cjk-fonts/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
	"/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
	"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
	"/System/Library/Fonts/Hiragino Sans GB.ttc", // macOS
	"/System/Library/Fonts/STHeiti Light.ttc",
	`C:\Windows\Fonts\msyh.ttc`, // Windows: Microsoft YaHei
	`C:\Windows\Fonts\simhei.ttf`,
}

// Fonts is the set of typefaces charts draw text with. Each character is
// drawn with the first font that has a glyph for it, so a Latin-only font
// followed by a CJK font still shows Chinese. Rasterized glyphs are cached;
// a Fonts is safe for concurrent use.
type Fonts struct {
	fonts []*sfnt.Font
	names []string

	mu     sync.Mutex
	faces  map[faceKey]font.Face
	glyphs map[glyphKey]*glyph
	buf    sfnt.Buffer
}

type faceKey struct {
	font int
	size fixed.Int26_6
}

type glyphKey struct {
	font int
	size fixed.Int26_6
	r    rune
}

// glyph is one rasterized character: its coverage mask, where the mask's
// top-left sits relative to the dot, and the advance.
type glyph struct {
	mask    *image.Alpha
	offset  image.Point
	advance fixed.Int26_6
}

// maxCachedGlyphs bounds the glyph cache; a chart uses a few hundred.
const maxCachedGlyphs = 8192

// NewFonts returns a font set trying fonts in order.
func NewFonts(fonts []*sfnt.Font, names []string) *Fonts {
	return &Fonts{fonts: fonts, names: names, faces: map[faceKey]font.Face{}, glyphs: map[glyphKey]*glyph{}}
}

// ParseFont parses a font file's bytes: a single TrueType or OpenType font,
// or a collection (.ttc), from which it picks the Simplified Chinese member
// when there is one (Noto Sans CJK SC, WenQuanYi, ...), else the first.
func ParseFont(b []byte) (*sfnt.Font, string, error) {
	if f, err := opentype.Parse(b); err == nil {
		return f, fontName(f), nil
	}
	c, err := opentype.ParseCollection(b)
	if err != nil {
		return nil, "", err
	}
	var first *sfnt.Font
	for i := 0; i < c.NumFonts(); i++ {
		f, err := c.Font(i)
		if err != nil {
			continue
		}
		name := fontName(f)
		if first == nil {
			first = f
		}
		if strings.HasSuffix(name, " SC") || strings.Contains(name, " SC ") {
			return f, name, nil
		}
	}
	if first == nil {
		return nil, "", errors.New("empty font collection")
	}
	return first, fontName(first), nil
}

func fontName(f *sfnt.Font) string {
	n, err := f.Name(nil, sfnt.NameIDFull)
	if err != nil {
		return "unnamed font"
	}
	return n
}

// LoadFonts reads font files, in the order given, into a set that ends
// with the embedded fallbacks (a Chinese subset of Noto Sans SC, then Go's
// Latin font), so text always has some font. A file that cannot be read or
// parsed is an error.
func LoadFonts(paths ...string) (*Fonts, error) {
	var fs []*sfnt.Font
	var names []string
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("font: %w", err)
		}
		f, name, err := ParseFont(b)
		if err != nil {
			return nil, fmt.Errorf("font %s: %w", p, err)
		}
		fs, names = append(fs, f), append(names, name+" ("+p+")")
	}
	efs, enames := embeddedFonts()
	return NewFonts(append(fs, efs...), append(names, enames...)), nil
}

var (
	embeddedOnce  sync.Once
	embeddedList  []*sfnt.Font
	embeddedNames []string
)

// embeddedFonts parses the fonts built into the binary: the CJK subset
// first (its Latin glyphs match its Chinese), Go Regular last.
func embeddedFonts() ([]*sfnt.Font, []string) {
	embeddedOnce.Do(func() {
		for _, src := range []struct {
			name string
			b    []byte
		}{{"embedded " + embedded.SansSCName, embedded.SansSC}, {"embedded Go Regular", goregular.TTF}} {
			f, _, err := ParseFont(src.b)
			if err != nil {
				slog.Warn("chart: embedded font does not parse", "font", src.name, "err", err)
				continue
			}
			embeddedList = append(embeddedList, f)
			embeddedNames = append(embeddedNames, src.name)
		}
	})
	return embeddedList, embeddedNames
}

var (
	defaultOnce  sync.Once
	defaultFonts *Fonts
)

// DefaultFonts returns the font set charts use when none is given: the file
// named by $LOOKOUT_FONT, else the first of SystemFontPaths found, then the
// embedded fallbacks. It is loaded once, on first use (about 50 ms for the
// 19 MB Noto Sans CJK collection).
func DefaultFonts() *Fonts {
	defaultOnce.Do(func() {
		var cands []string
		if p := os.Getenv(FontEnv); p != "" {
			cands = append(cands, p)
		}
		cands = append(cands, SystemFontPaths...)
		for _, p := range cands {
			if _, err := os.Stat(p); err != nil {
				continue
			}
			fs, err := LoadFonts(p)
			if err != nil {
				slog.Warn("chart: cannot use font", "path", p, "err", err)
				continue
			}
			defaultFonts = fs
			return
		}
		defaultFonts, _ = LoadFonts()
	})
	return defaultFonts
}

// Names describes the fonts in the set, in the order they are tried.
func (fs *Fonts) Names() []string { return append([]string(nil), fs.names...) }

// face returns the cached face of font i at size. fs.mu must be held.
func (fs *Fonts) face(i int, size fixed.Int26_6) font.Face {
	k := faceKey{i, size}
	f, ok := fs.faces[k]
	if !ok {
		f, _ = opentype.NewFace(fs.fonts[i], &opentype.FaceOptions{Size: float64(size) / 64, DPI: 72, Hinting: font.HintingFull})
		fs.faces[k] = f
	}
	return f
}

// glyph returns character r at size from the first font that has it.
// fs.mu must be held.
func (fs *Fonts) glyph(size fixed.Int26_6, r rune) *glyph {
	for i, f := range fs.fonts {
		k := glyphKey{i, size, r}
		if g, ok := fs.glyphs[k]; ok {
			return g
		}
		idx, err := f.GlyphIndex(&fs.buf, r)
		if err != nil || (idx == 0 && i < len(fs.fonts)-1) {
			continue
		}
		g := fs.rasterize(i, size, r)
		if len(fs.glyphs) >= maxCachedGlyphs {
			clear(fs.glyphs)
		}
		fs.glyphs[k] = g
		return g
	}
	return &glyph{}
}

func (fs *Fonts) rasterize(i int, size fixed.Int26_6, r rune) *glyph {
	face := fs.face(i, size)
	dr, mask, maskp, adv, ok := face.Glyph(fixed.Point26_6{}, r)
	if !ok {
		adv, _ = face.GlyphAdvance(r)
		return &glyph{advance: adv}
	}
	a := image.NewAlpha(image.Rect(0, 0, dr.Dx(), dr.Dy()))
	draw.Draw(a, a.Bounds(), mask, maskp, draw.Src)
	return &glyph{mask: a, offset: dr.Min, advance: adv}
}

// metrics returns the ascent and descent of the first font at size, in
// pixels.
func (fs *Fonts) metrics(size fixed.Int26_6) (ascent, descent int) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	m := fs.face(0, size).Metrics()
	return m.Ascent.Ceil(), m.Descent.Ceil()
}

// measure returns the advance width of s at size, in pixels.
func (fs *Fonts) measure(size fixed.Int26_6, s string) int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var w fixed.Int26_6
	for _, r := range s {
		w += fs.glyph(size, r).advance
	}
	return w.Ceil()
}

// draw writes s with its baseline starting at (x, y) and returns the x
// after the last character.
func (fs *Fonts) draw(dst *image.RGBA, clip image.Rectangle, size fixed.Int26_6, x, y int, s string, c color.RGBA) int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	dot := fixed.I(x)
	for _, r := range s {
		g := fs.glyph(size, r)
		if g.mask != nil {
			p := image.Pt(dot.Round()+g.offset.X, y+g.offset.Y)
			blendMask(dst, clip, g.mask, p, c)
		}
		dot += g.advance
	}
	return dot.Round()
}

// blendMask draws colour c through mask placed with its top-left at p,
// clipped to clip.
func blendMask(dst *image.RGBA, clip image.Rectangle, mask *image.Alpha, p image.Point, c color.RGBA) {
	r := mask.Rect.Sub(mask.Rect.Min).Add(p).Intersect(clip).Intersect(dst.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		mrow := mask.Pix[(y-p.Y)*mask.Stride:]
		for x := r.Min.X; x < r.Max.X; x++ {
			if a := mrow[x-p.X]; a != 0 {
				blendPixel(dst, x, y, c, a)
			}
		}
	}
}
