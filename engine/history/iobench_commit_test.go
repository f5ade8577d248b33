package history

import "time"

func commitTick(s *Store, now time.Time) {}
