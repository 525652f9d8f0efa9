package column

// BatchSize is the number of rows operators aim for per batch: large
// enough to amortise per-batch work, small enough to stay in cache.
const BatchSize = 8192

// Batch is a set of equally long columns. The schema lives with the
// operator that produces the batch, not in the batch.
type Batch struct {
	Cols []*Vector
	N    int
}

// NewBatch makes a batch from columns of equal length n.
func NewBatch(n int, cols ...*Vector) *Batch { return &Batch{Cols: cols, N: n} }
