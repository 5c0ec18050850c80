package clocksched

import "sort"

// Stats summarises wake-up lateness samples, in nanoseconds.
type Stats struct {
	N                  int
	P50, P90, P99, Max int64
	Mean               float64
}

// Summarize computes Stats over samples (which it sorts in place).
func Summarize(samples []int64) Stats {
	st := Stats{N: len(samples)}
	if len(samples) == 0 {
		return st
	}
	sort.Slice(samples, func(i, j int) bool { return samples[i] < samples[j] })
	pct := func(p float64) int64 {
		i := int(p*float64(len(samples)-1) + 0.5)
		return samples[i]
	}
	var sum float64
	for _, v := range samples {
		sum += float64(v)
	}
	st.P50, st.P90, st.P99, st.Max = pct(0.50), pct(0.90), pct(0.99), samples[len(samples)-1]
	st.Mean = sum / float64(len(samples))
	return st
}
