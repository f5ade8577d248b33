package alert

import (
	"fmt"
	"io"
	"path/filepath"
	"text/tabwriter"
	"time"
)

// WriteSilences prints silences as a table.
func WriteSilences(w io.Writer, ss []Silence) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if len(ss) == 0 {
		fmt.Fprintln(tw, "No silences.")
		return tw.Flush()
	}
	fmt.Fprintln(tw, "ID\tSOURCE\tWHEN AND WHAT")
	for _, s := range ss {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.ID, s.Source, s.Describe())
	}
	return tw.Flush()
}

// EditSilencesFile applies f to the run-time silences in dir and saves
// them; a running engine picks the change up within a tick.
func EditSilencesFile(dir string, now time.Time, f func([]Silence) ([]Silence, error)) error {
	path := filepath.Join(dir, SilencesFile)
	ss, err := LoadSilences(path)
	if err != nil {
		return err
	}
	if ss, err = f(ss); err != nil {
		return err
	}
	return SaveSilences(path, ss, now)
}
