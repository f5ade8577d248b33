// Package chart draws Lookout's charts: a time series in, an image.RGBA
// of any size out. The same renderer serves the window (wrapped in a
// canvas.Raster widget by views/) and the PNGs sent with reports and
// alerts. It imports no Fyne.
//
// Two forms, after the seeds' matplotlib figures:
//
//   - KindBars, the long window: vertical bars coloured by level (blue at or
//     below 30 %, orange up to 80 %, red from 80 %; entity.Grades sets the
//     bounds). With more points than pixel columns each column shows the
//     highest value that falls in it, so a day at one second draws in one
//     pass over the points and keeps every peak.
//   - KindSmooth, the short window: curves smoothed with gonum's
//     interp.FritschButland, a monotone cubic, so the curve never leaves
//     the range of the data around it (the seeds' B-spline swings below 0 %
//     and above 100 %). Dense runs are drawn through per-column minima and
//     maxima (engine.Downsample) instead of being smoothed.
//
// Gaps (NaN points: the host did not answer; or a silence of more than a
// few sampling steps) are drawn as gaps, never bridged.
//
// Text is drawn with golang.org/x/image/font/opentype from a real CJK font
// so Chinese titles and labels render: the system's Noto Sans CJK (or
// another of SystemFontPaths, or $LOOKOUT_FONT) when present, else a
// 1.5 MB subset of Noto Sans CJK SC embedded in the binary
// (lookout/assets/fonts), else Go's Latin font.
//
// Why not a plotting library: gonum/plot and go-chart draw through generic
// vector back ends and build a path per bar; the window redraws every
// second and a report draws thousands of bars, so this package writes
// pixels directly (bars are column fills, lines an anti-aliased distance
// field, text cached glyph masks). A 900×400 six-hour chart draws in under
// a millisecond; PNG encoding is most of the cost of an image.
package chart
