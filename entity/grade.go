package entity

// Level is the colour grade of a percentage: the seeds' blue, orange and
// red.
type Level int

// Levels, from calm to alarming.
const (
	LevelLow  Level = iota // blue: at or below the low bound (30 % by default)
	LevelMid               // orange: between the bounds
	LevelHigh              // red: at or above the high bound (80 % by default)
)

// String returns "low", "mid" or "high".
func (l Level) String() string {
	switch l {
	case LevelMid:
		return "mid"
	case LevelHigh:
		return "high"
	}
	return "low"
}

// Grades are the bounds of the colour grades, in percent.
type Grades struct {
	Low  float64 `toml:"low" json:"low"`
	High float64 `toml:"high" json:"high"`
}

// DefaultGrades are the seeds' bounds: blue ≤ 30 %, orange 30–80 %, red ≥ 80 %.
var DefaultGrades = Grades{Low: 30, High: 80}

// Grade returns the level of percentage v.
func (g Grades) Grade(v float64) Level {
	switch {
	case v >= g.High:
		return LevelHigh
	case v > g.Low:
		return LevelMid
	}
	return LevelLow
}

// Worst returns the highest level among the snapshot's CPU, memory, swap
// and fullest filesystem: the grade a host card shows.
func (g Grades) Worst(s Snapshot) Level {
	l := g.Grade(s.CPU.Percent)
	for _, v := range []float64{s.Mem.Percent, s.Swap.Percent} {
		l = max(l, g.Grade(v))
	}
	if d, ok := s.FullestDisk(); ok {
		l = max(l, g.Grade(d.Percent))
	}
	return l
}
