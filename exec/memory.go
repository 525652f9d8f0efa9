package exec

import (
	"fmt"
	"sync/atomic"
)

// memory is a query's byte budget. Operators that retain data (join
// build sides, sort and window inputs, hash aggregation state,
// materialized results) grow it before holding more, and the query fails
// with a clear message instead of exhausting the machine.
type memory struct {
	limit int64
	used  atomic.Int64
}

// ErrMemoryLimit is wrapped by errors from queries that exceed their
// memory budget.
var ErrMemoryLimit = fmt.Errorf("memory limit exceeded")

func (m *memory) grow(n int64, purpose string) error {
	if n <= 0 {
		return nil
	}
	if u := m.used.Add(n); u > m.limit {
		return fmt.Errorf("%w: the query needs more than %s while %s; filter or project earlier (where, project) to reduce the data held, or raise the memory limit", ErrMemoryLimit, humanBytes(m.limit), purpose)
	}
	return nil
}

func (m *memory) shrink(n int64) { m.used.Add(-n) }

func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for x := n / unit; x >= unit; x /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
