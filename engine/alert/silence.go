package alert

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"lookout/internal/dirsync"
)

// Silence holds back the events of matching alerts for a while: they are
// recorded in the event log but not sent. When a silence ends (or is
// removed), an alert it held that still fires is sent at once, and the
// resolution of an alert whose firing had been sent before is sent then;
// those events carry SilenceEnded. An alert that fired and resolved
// inside the silence sends nothing.
type Silence struct {
	ID string `json:"id"`
	// Hosts and Rules select what is silenced; empty means all. A rule is
	// a name ("disk": every filesystem) or a key ("disk:/backup").
	Hosts []string `json:"hosts,omitempty"`
	Rules []string `json:"rules,omitempty"`
	// Start and End bound the silence. A daily silence repeats between
	// DailyFrom and DailyTo (offsets from local midnight; DailyTo may be
	// smaller, the window then runs past midnight) on Days (all when
	// empty), and has no End.
	Start     time.Time      `json:"start"`
	End       time.Time      `json:"end,omitzero"`
	Daily     bool           `json:"daily,omitempty"`
	DailyFrom time.Duration  `json:"daily_from,omitempty"`
	DailyTo   time.Duration  `json:"daily_to,omitempty"`
	Days      []time.Weekday `json:"days,omitempty"`
	Comment   string         `json:"comment,omitempty"`
	// Source says who made it: "config" (a [[silences]] window),
	// "snooze" (the tray or window), "cli" (lookout silence).
	Source  string    `json:"source"`
	Created time.Time `json:"created"`
}

// Silence sources.
const (
	SourceConfig = "config"
	SourceSnooze = "snooze"
	SourceCLI    = "cli"
)

// Matches reports whether the silence covers the alert key of host.
func (s *Silence) Matches(host, key string) bool {
	if len(s.Hosts) > 0 && !slices.Contains(s.Hosts, host) {
		return false
	}
	if len(s.Rules) == 0 {
		return true
	}
	name, _, _ := strings.Cut(key, ":")
	return slices.Contains(s.Rules, key) || slices.Contains(s.Rules, name)
}

// ActiveAt reports whether the silence holds at t.
func (s *Silence) ActiveAt(t time.Time) bool {
	if !s.Start.IsZero() && t.Before(s.Start) {
		return false
	}
	if !s.End.IsZero() && !t.Before(s.End) {
		return false
	}
	if !s.Daily {
		return true
	}
	lt := t.Local()
	since := time.Duration(lt.Hour())*time.Hour + time.Duration(lt.Minute())*time.Minute +
		time.Duration(lt.Second())*time.Second + time.Duration(lt.Nanosecond())
	day := lt.Weekday()
	if s.DailyFrom < s.DailyTo {
		return since >= s.DailyFrom && since < s.DailyTo && s.onDay(day)
	}
	if since >= s.DailyFrom {
		return s.onDay(day)
	}
	return since < s.DailyTo && s.onDay((day+6)%7) // started yesterday
}

func (s *Silence) onDay(d time.Weekday) bool { return len(s.Days) == 0 || slices.Contains(s.Days, d) }

// Expired reports whether the silence can never hold again after t.
func (s *Silence) Expired(t time.Time) bool { return !s.End.IsZero() && !t.Before(s.End) }

// Describe is a short human description of when the silence holds.
func (s *Silence) Describe() string {
	var b strings.Builder
	if s.Daily {
		fmt.Fprintf(&b, "daily %s-%s", clock(s.DailyFrom), clock(s.DailyTo))
		if len(s.Days) > 0 {
			var ds []string
			for _, d := range s.Days {
				ds = append(ds, strings.ToLower(d.String()[:3]))
			}
			fmt.Fprintf(&b, " on %s", strings.Join(ds, ","))
		}
	} else {
		if !s.Start.IsZero() {
			fmt.Fprintf(&b, "from %s ", s.Start.Local().Format("2006-01-02 15:04"))
		}
		fmt.Fprintf(&b, "until %s", s.End.Local().Format("2006-01-02 15:04"))
	}
	what := "all hosts"
	if len(s.Hosts) > 0 {
		what = strings.Join(s.Hosts, ",")
	}
	if len(s.Rules) > 0 {
		what += " / " + strings.Join(s.Rules, ",")
	} else {
		what += " / all rules"
	}
	fmt.Fprintf(&b, ", %s", what)
	if s.Comment != "" {
		fmt.Fprintf(&b, " (%s)", s.Comment)
	}
	return b.String()
}

func clock(d time.Duration) string {
	return fmt.Sprintf("%02d:%02d", int(d/time.Hour), int(d%time.Hour/time.Minute))
}

// NewSilenceID returns a random identifier for a silence.
func NewSilenceID() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// SilencesFile is the name, in the state directory, of the silences made
// at run time (snoozes and lookout silence).
const SilencesFile = "silences.json"

// LoadSilences reads the silences file; an absent file holds none.
func LoadSilences(path string) ([]Silence, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("silences: %w", err)
	}
	var ss []Silence
	if len(strings.TrimSpace(string(b))) == 0 {
		return nil, nil
	}
	if err := json.Unmarshal(b, &ss); err != nil {
		return nil, fmt.Errorf("silences: %s: %w", path, err)
	}
	return ss, nil
}

// SaveSilences replaces the silences file atomically (write, fsync,
// rename), dropping silences that expired before now.
func SaveSilences(path string, ss []Silence, now time.Time) error {
	keep := make([]Silence, 0, len(ss))
	for _, s := range ss {
		if !s.Expired(now) {
			keep = append(keep, s)
		}
	}
	b, err := json.MarshalIndent(keep, "", "  ")
	if err != nil {
		return fmt.Errorf("silences: %w", err)
	}
	return writeAtomic(path, append(b, '\n'))
}

// writeAtomic replaces path with b so that a crash leaves the old or the
// new file, never a mix.
func writeAtomic(path string, b []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(dir)
}

func syncDir(dir string) error { return dirsync.Sync(dir) }
