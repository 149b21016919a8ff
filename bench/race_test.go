//go:build race

package bench_test

// raceEnabled: the race detector slows bleve's indexing about tenfold, so
// the correctness test uses a smaller corpus under it (still several
// batches, merges, updates and deletes).
const raceEnabled = true
