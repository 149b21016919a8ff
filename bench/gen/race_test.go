//go:build race

package gen

// raceEnabled: the race detector slows generation about tenfold, so the
// share test draws fewer articles under it.
const raceEnabled = true
