package main

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// budget bounds how long one measurement runs: at most reps timed runs,
// stopping early once maxTime has passed (after at least minReps runs).
type budget struct {
	warmup  int
	reps    int
	minReps int
	maxTime time.Duration
}

// latencies are the timed runs of one measurement.
type latencies []time.Duration

// stats summarises a measurement.
type stats struct {
	n              int
	p50, p95, p99  time.Duration
	mean, min, max time.Duration
	hits           uint64 // result count of the query (same on every run)
	errors         int
	throughput     float64 // requests per second (load tests)
}

// measure runs fn warmup times untimed, then times it within b. fn
// returns the query's hit count.
func measure(b budget, fn func() (uint64, error)) (stats, error) {
	var hits uint64
	for range b.warmup {
		h, err := fn()
		if err != nil {
			return stats{}, err
		}
		hits = h
	}
	lat := make(latencies, 0, b.reps)
	start := time.Now()
	for i := range b.reps {
		if i >= b.minReps && time.Since(start) > b.maxTime {
			break
		}
		t0 := time.Now()
		h, err := fn()
		d := time.Since(t0)
		if err != nil {
			return stats{}, err
		}
		hits = h
		lat = append(lat, d)
	}
	s := lat.stats()
	s.hits = hits
	return s, nil
}

// stats computes percentiles by the nearest-rank method.
func (l latencies) stats() stats {
	if len(l) == 0 {
		return stats{}
	}
	s := slices.Clone(l)
	slices.Sort(s)
	rank := func(q float64) time.Duration {
		i := int(math.Ceil(q*float64(len(s)))) - 1
		return s[max(0, min(i, len(s)-1))]
	}
	var sum time.Duration
	for _, d := range s {
		sum += d
	}
	return stats{n: len(s), p50: rank(0.50), p95: rank(0.95), p99: rank(0.99),
		mean: sum / time.Duration(len(s)), min: s[0], max: s[len(s)-1]}
}

// ms formats a duration in milliseconds with a precision that suits it.
func ms(d time.Duration) string {
	if d <= 0 {
		return "—"
	}
	v := float64(d) / float64(time.Millisecond)
	switch {
	case v < 1:
		return fmt.Sprintf("%.2f", v)
	case v < 100:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.0f", v)
}
