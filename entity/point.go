package entity

import "time"

// Point is one value of a series at one time. A NaN value marks a gap: the
// host could not be read then, and charts draw nothing across it.
type Point struct {
	T time.Time
	V float64
}
