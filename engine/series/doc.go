// Package series reads and writes a time series as CSV, one `time,value`
// row per point: the format of `lookout chart --input` and of exported
// history. It is a pure parser (an io.Reader in, points out) so that every
// bad input is tested from fixtures under testdata/.
//
// Format:
//
//	# comments and blank lines are skipped
//	time,value                      an optional header on the first row
//	2024-05-01T06:00:00Z,12.5       RFC 3339, any offset, optional fraction
//	1714543210,13                   or Unix seconds (a fraction is allowed)
//
// Every problem is reported with its line number. Unsorted and duplicate
// times are errors unless Options.Sort / Options.Dedupe ask for the fix;
// NaN or an empty value is an error unless Options.Gaps accepts it as a
// gap (a poll that failed).
package series
