package goid

import (
	"sync"
	"testing"
)

func TestTokenStableAndDistinct(t *testing.T) {
	me := Token()
	if me == 0 {
		t.Fatal("Token() = 0")
	}
	if Token() != me {
		t.Fatal("Token changed within a goroutine")
	}
	const n = 16
	toks := make([]uintptr, n)
	ids := make([]int64, n)
	var ready, release sync.WaitGroup
	ready.Add(n)
	release.Add(1)
	var done sync.WaitGroup
	for i := 0; i < n; i++ {
		done.Add(1)
		go func() {
			defer done.Done()
			toks[i] = Token()
			ids[i] = ID()
			// stay alive until all tokens are taken, so none is reused
			ready.Done()
			release.Wait()
			if Token() != toks[i] {
				t.Errorf("goroutine %d: token changed", i)
			}
		}()
	}
	ready.Wait()
	seen := map[uintptr]bool{me: true}
	seenID := map[int64]bool{ID(): true}
	for i := range toks {
		if seen[toks[i]] {
			t.Errorf("token %#x shared by two live goroutines", toks[i])
		}
		seen[toks[i]] = true
		if ids[i] == 0 || seenID[ids[i]] {
			t.Errorf("bad or shared id %d", ids[i])
		}
		seenID[ids[i]] = true
	}
	release.Done()
	done.Wait()
}

// The token survives stack growth (the goroutine's descriptor does not
// move with its stack).
func TestTokenAfterStackGrowth(t *testing.T) {
	me := Token()
	var grow func(int) uintptr
	grow = func(d int) uintptr {
		var pad [256]byte
		pad[d%256] = byte(d)
		if d == 0 {
			return Token() + uintptr(pad[0]&0)
		}
		return grow(d - 1)
	}
	if got := grow(2000); got != me {
		t.Fatalf("token %#x after growth, want %#x", got, me)
	}
}

func BenchmarkToken(b *testing.B) {
	b.ReportAllocs()
	var x uintptr
	for i := 0; i < b.N; i++ {
		x += Token()
	}
	_ = x
}
