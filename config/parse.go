package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"

	toml "github.com/pelletier/go-toml/v2"
)

// MaxFileSize is the largest configuration file Lookout reads: 1 MiB,
// room for thousands of hosts. A larger file is refused with an error
// naming it and this limit, rather than read for minutes.
const MaxFileSize = 1 << 20

// maxDecodeErrors bounds how many values of the wrong type Parse reports
// in one file: each one costs a decode of the whole file.
const maxDecodeErrors = 50

// Load reads and validates the file at path. An absent file that was not
// named explicitly yields Default. The error, when there is one, is of type
// Errors (every problem, each with file, line and key) or a plain error for
// an unreadable file.
func Load(path string, explicit bool) (Config, error) {
	c, _, err := load(path, explicit)
	return c, err
}

// Check reads the file at path as Load does and returns every problem in
// it: the errors (nil when it loads) and the warnings, which are worked
// out from what the file says even when it has errors. err is for a file
// that cannot be read at all. lookout check-config prints them.
func Check(path string, explicit bool) (errs Errors, warnings []string, err error) {
	_, r, err := load(path, explicit)
	if err != nil && r == nil {
		return nil, nil, err
	}
	if r == nil {
		return nil, nil, nil
	}
	return r.errs, Warnings(path, r.cfg), nil
}

// parsed is what one parse found: the configuration as decoded (even
// when invalid) and every error.
type parsed struct {
	cfg  Config
	errs Errors
}

func load(path string, explicit bool) (Config, *parsed, error) {
	b, err := readLimited(path)
	if errors.Is(err, fs.ErrNotExist) && !explicit {
		return Default(), nil, nil
	}
	if err != nil {
		return Default(), nil, fmt.Errorf("config: %w", err)
	}
	r := parse(path, b)
	if len(r.errs) > 0 {
		return Default(), r, r.errs
	}
	return r.cfg, r, nil
}

// readLimited reads path, refusing a file larger than MaxFileSize
// without reading the rest of it.
func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxFileSize {
		return nil, fmt.Errorf("%s: the file is larger than %s, the most a configuration may be", path, sizeText(MaxFileSize))
	}
	return b, nil
}

func sizeText(n int) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Parse decodes and validates doc, naming file in its errors. Every
// problem is reported at once: every unknown key, every value of the
// wrong type (up to 50) and every value out of range, in line order.
func Parse(file string, doc []byte) (Config, error) {
	r := parse(file, doc)
	if len(r.errs) > 0 {
		return Default(), r.errs
	}
	return r.cfg, nil
}

func parse(file string, doc []byte) *parsed {
	if len(doc) > MaxFileSize {
		return &parsed{cfg: Default(), errs: Errors{{File: file,
			Msg: fmt.Sprintf("the file is %d bytes, larger than %s, the most a configuration may be", len(doc), sizeText(MaxFileSize))}}}
	}
	li := newLineIndex(doc)
	errs, tooMany := unknownKeys(file, doc, li)
	if tooMany {
		return &parsed{cfg: Default(), errs: errs}
	}
	c, decErrs, blanked, ok := decode(file, doc, len(errs) == 0)
	errs = append(errs, decErrs...)
	if ok {
		for _, e := range c.validate(file, positions(doc)) {
			if !coveredBy(blanked, e.Key) {
				errs = append(errs, e)
			}
		}
	}
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
	return &parsed{cfg: c, errs: errs}
}

// decode decodes doc into a Default configuration. A value of the wrong
// type is reported and blanked out (its bytes replaced by spaces, so that
// lines stay where they are) and the decode tried again, so that every
// such value is reported; the keys blanked are returned, indexed
// ("hosts[1].interval"). ok is false when the result cannot be validated
// (a syntax error, too many errors). strict decodes with unknown keys
// refused: the caller sets it when its own walk found none.
func decode(file string, doc []byte, strict bool) (c Config, errs Errors, blanked map[string]bool, ok bool) {
	blanked = map[string]bool{}
	var spans map[string]span
	var byLine map[int]string
	work := doc
	for range maxDecodeErrors {
		c = Default()
		dec := toml.NewDecoder(bytes.NewReader(work))
		if strict {
			dec.DisallowUnknownFields()
		}
		err := dec.Decode(&c)
		var missing *toml.StrictMissingError
		var de *toml.DecodeError
		switch {
		case err == nil:
			return c, errs, blanked, true
		case errors.As(err, &missing):
			// Keys the walk let through; the decode itself is complete.
			for _, e := range missing.Errors {
				line, _ := e.Position()
				errs = append(errs, Error{File: file, Line: line, Key: strings.Join(e.Key(), "."), Msg: unknownKeyMsg(e.Key())})
			}
			return c, errs, blanked, true
		case errors.As(err, &de):
			line, _ := de.Position()
			errs = append(errs, Error{File: file, Line: line, Key: strings.Join(de.Key(), "."), Msg: decodeMsg(de)})
			if len(de.Key()) == 0 {
				return c, errs, blanked, false // a syntax error
			}
			if spans == nil {
				spans = keySpans(doc)
				byLine = map[int]string{}
				for k, sp := range spans {
					for l := sp.line; !sp.header && l <= max(sp.line, sp.lastLine); l++ {
						byLine[l] = k
					}
				}
			}
			k, found := byLine[line-1]
			if !found {
				return c, errs, blanked, false
			}
			if &work[0] == &doc[0] {
				work = bytes.Clone(doc) // doc is the caller's
			}
			blank(work, spans[k])
			blanked[k] = true
		default:
			errs = append(errs, Error{File: file, Msg: err.Error()})
			return c, errs, blanked, false
		}
	}
	return c, errs, blanked, false
}

// blank replaces the key and value of sp with spaces, keeping newlines.
func blank(doc []byte, sp span) {
	li := newLineIndex(doc)
	start := li[sp.line]
	end := len(doc)
	if sp.lastLine+1 < len(li) {
		end = li[sp.lastLine+1]
	}
	for i := start; i < end; i++ {
		if doc[i] != '\n' && doc[i] != '\r' {
			doc[i] = ' '
		}
	}
}

// coveredBy tells whether a validation error on key may stem from a value
// that was blanked for having the wrong type: the key itself, or a table
// that holds it. Those errors would only repeat the type error.
func coveredBy(blanked map[string]bool, key string) bool {
	for k := range blanked {
		if k == key || strings.HasPrefix(k, key+".") {
			return true
		}
	}
	return false
}
