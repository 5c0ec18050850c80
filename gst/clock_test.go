package gst

import (
	"errors"
	"math"
	"sync"
	"sync/atomic"
	"testing"

	"go.uber.org/goleak"
)

// clockLeakCheck fails the test if it leaves goroutines behind (the clock
// scheduler must stop once nothing waits).
func clockLeakCheck(t *testing.T) {
	t.Helper()
	opt := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, opt) })
}

// fakeClock is the TestClock of tests/check/gst/gstclock.c: a clock whose
// internal time is set by the test and whose async waits only record.
type fakeClock struct {
	ClockBase
	now         atomic.Uint64
	mu          sync.Mutex
	asyncWaits  []*ClockID
	unscheduled []*ClockID
}

func newFakeClock(name string) *fakeClock {
	c := &fakeClock{}
	c.SetName(name)
	c.SetTypeName("TestClock")
	c.InitClock(c)
	return c
}

func (c *fakeClock) InternalTime() ClockTime { return ClockTime(c.now.Load()) }

func (c *fakeClock) WaitID(id *ClockID) (ClockReturn, ClockTimeDiff) {
	return ClockUnsupported, 0
}

func (c *fakeClock) WaitIDAsync(id *ClockID) ClockReturn {
	c.mu.Lock()
	c.asyncWaits = append(c.asyncWaits, id)
	c.mu.Unlock()
	return ClockOK
}

func (c *fakeClock) UnscheduleID(id *ClockID) {
	id.SetStatus(ClockUnscheduled)
	c.mu.Lock()
	c.unscheduled = append(c.unscheduled, id)
	c.mu.Unlock()
}

var _ ClockImpl = (*fakeClock)(nil)
var _ ClockImpl = (*SystemClock)(nil)

func TestClockReturnString(t *testing.T) {
	for r, want := range map[ClockReturn]string{
		ClockOK: "ok", ClockEarly: "early", ClockUnscheduled: "unscheduled", ClockBusy: "busy",
		ClockBadTime: "bad-time", ClockError: "error", ClockUnsupported: "unsupported", ClockDone: "done",
		ClockReturn(8): "unknown", ClockReturn(-1): "unknown",
	} {
		if got := r.String(); got != want {
			t.Errorf("ClockReturn(%d).String() = %q, want %q", int(r), got, want)
		}
	}
	if ClockEntryPeriodic.String() != "periodic" || ClockEntrySingle.String() != "single" {
		t.Error("ClockEntryType nicks")
	}
}

// test_signedness (tests/check/gst/gstsystemclock.c).
func TestClockSignedness(t *testing.T) {
	for _, v := range []ClockTime{0, 1, math.MaxUint64 / Second} {
		if v*Second/Second != v {
			t.Errorf("time %d does not survive *SECOND/SECOND", uint64(v))
		}
	}
	for _, d := range []ClockTimeDiff{0, 1, -1, math.MaxInt64 / ClockTimeDiff(Second), math.MinInt64 / ClockTimeDiff(Second)} {
		if d*ClockTimeDiff(Second)/ClockTimeDiff(Second) != d {
			t.Errorf("diff %d does not survive *SECOND/SECOND", d)
		}
	}
}

// test_diff (tests/check/gst/gstsystemclock.c).
func TestClockDiffTable(t *testing.T) {
	neg := func(v ClockTime) ClockTime { return -v }
	time1 := []ClockTime{0, neg(1), 0, 1, 2 * Second, neg(Second), neg(Second)}
	time2 := []ClockTime{0, 1, 1, 0, 1 * Second, neg(Second), Second}
	d := []ClockTimeDiff{0, 2, 1, -1, -ClockTimeDiff(Second), 0, 2 * ClockTimeDiff(Second)}
	for i := range d {
		if got := ClockDiff(time1[i], time2[i]); got != d[i] {
			t.Errorf("ClockDiff(%d, %d) = %d, want %d", uint64(time1[i]), uint64(time2[i]), got, d[i])
		}
	}
}

func TestAdjustWithCalibration(t *testing.T) {
	for _, tc := range []struct {
		internal, cint, cext, num, denom, want ClockTime
	}{
		{10 * Second, 5 * Second, 100 * Second, 2, 1, 110 * Second},
		{10 * Second, 5 * Second, 100 * Second, 1, 2, 102*Second + 500*Millisecond},
		{3 * Second, 5 * Second, 10 * Second, 2, 1, 6 * Second}, // internal < cinternal
		{0, 5 * Second, 1 * Second, 1, 1, 0},                    // clamps at 0
		{7, 0, 0, 5, 0, 7},                                      // denom 0 means 1/1
		{math.MaxUint64 / 2, 0, 0, 4, 1, math.MaxUint64},        // scale overflow saturates
		{1000, 1000, 42, 3, 7, 42},
	} {
		got := AdjustWithCalibration(tc.internal, tc.cint, tc.cext, tc.num, tc.denom)
		if got != tc.want {
			t.Errorf("AdjustWithCalibration(%d, %d, %d, %d/%d) = %d, want %d",
				uint64(tc.internal), uint64(tc.cint), uint64(tc.cext), uint64(tc.num), uint64(tc.denom), uint64(got), uint64(tc.want))
		}
		if tc.want != 0 && tc.want != math.MaxUint64 && tc.denom != 0 {
			back := UnadjustWithCalibration(got, tc.cint, tc.cext, tc.num, tc.denom)
			if back != tc.internal {
				t.Errorf("UnadjustWithCalibration(%d) = %d, want %d", uint64(got), uint64(back), uint64(tc.internal))
			}
		}
	}
	if got := UnadjustWithCalibration(0, 5*Second, 1*Second, 1, 1); got != 4*Second {
		t.Errorf("Unadjust below cexternal = %v", got)
	}
	if got := UnadjustWithCalibration(9, 0, 0, 0, 5); got != 9 {
		t.Errorf("Unadjust with num 0 = %d, want 9", uint64(got))
	}
}

func TestClockScale(t *testing.T) {
	for _, tc := range []struct{ val, num, denom, correct, want uint64 }{
		{10, 3, 4, 0, 7},
		{10, 3, 4, 2, 8}, // rounding correction
		{math.MaxUint64, math.MaxUint64, math.MaxUint64, 0, math.MaxUint64},
		{math.MaxUint64, 2, 1, 0, math.MaxUint64},
		{1 << 62, 1 << 10, 1 << 11, 0, 1 << 61},
		{5, 0, 3, 0, 0},
		{5, 1, 0, 0, math.MaxUint64},
	} {
		if got := uint64(clockScale(tc.val, tc.num, tc.denom, tc.correct)); got != tc.want {
			t.Errorf("clockScale(%d, %d, %d, %d) = %d, want %d", tc.val, tc.num, tc.denom, tc.correct, got, tc.want)
		}
	}
}

// test_set_calibration and time monotonicity (GStreamer's last_time).
func TestSetCalibration(t *testing.T) {
	c := newFakeClock("c")
	if i, e, n, d := c.Calibration(); i != 0 || e != 0 || n != 1 || d != 1 {
		t.Fatalf("default calibration = %d %d %d/%d", i, e, n, d)
	}
	for _, bad := range [][4]ClockTime{
		{ClockTimeNone, 0, 1, 1}, {0, ClockTimeNone, 1, 1}, {0, 0, ClockTimeNone, 1}, {0, 0, 1, 0}, {0, 0, 1, ClockTimeNone},
	} {
		if err := c.SetCalibration(bad[0], bad[1], bad[2], bad[3]); !errors.Is(err, errBadCalibration) {
			t.Errorf("SetCalibration(%v) error = %v", bad, err)
		}
	}
	c.now.Store(uint64(10 * Second))
	if got := c.Time(); got != 10*Second {
		t.Fatalf("Time = %v, want 10s", got)
	}
	if err := c.SetCalibration(10*Second, 20*Second, 2, 1); err != nil {
		t.Fatal(err)
	}
	if i, e, n, d := c.Calibration(); i != 10*Second || e != 20*Second || n != 2 || d != 1 {
		t.Fatalf("Calibration = %v %v %d/%d", i, e, n, d)
	}
	c.now.Store(uint64(11 * Second))
	if got := c.Time(); got != 22*Second {
		t.Fatalf("Time = %v, want 22s", got)
	}
	if got := c.UnadjustUnlocked(22 * Second); got != 11*Second {
		t.Fatalf("UnadjustUnlocked = %v, want 11s", got)
	}
	// A calibration that maps back in time: Time stays at the last value.
	if err := c.SetCalibration(0, 0, 1, 1); err != nil {
		t.Fatal(err)
	}
	if got := c.Time(); got != 22*Second {
		t.Fatalf("Time went back to %v", got)
	}
	if got := c.AdjustUnlocked(5 * Second); got != 22*Second {
		t.Fatalf("AdjustUnlocked went back to %v", got)
	}
	c.now.Store(uint64(30 * Second))
	if got := c.Time(); got != 30*Second {
		t.Fatalf("Time = %v, want 30s", got)
	}
}

func TestClockTimeDoesNotAllocate(t *testing.T) {
	c := NewSystemClock("alloc")
	if n := testing.AllocsPerRun(1000, func() { _ = c.Time() }); n != 0 {
		t.Fatalf("Time allocates %v times", n)
	}
}

// test_regression (tests/check/gst/gstutils.c).
func TestClockLinearRegression(t *testing.T) {
	for i, tc := range []struct {
		n                             int
		set                           string
		internal, external, num, deno uint64
	}{
		{32, "times1", 257154512360784, 120670380469753, 4052622913376634109, 4052799313904261962},
		{64, "times1", 257359198881356, 120875054227405, 2011895759027682422, 2012014931360215503},
		{32, "times2", 291705506022294, 162134297192792, 2319535707505209857, 2321009753483354451},
		{32, "times3", 291922315691409, 162234934150296, 1370930728180888261, 4392719527011673456},
		{6, "times4", 60, 100, 2, 1},
		{len(regressionTimes["times5"]) / 2, "times5", 3097518938513564, 3097518903890035, 7927902279407500000, 7932215807091104881},
	} {
		ok, num, den, ext, internal, r2 := clockLinearRegression(regressionTimes[tc.set], nil, tc.n)
		if !ok {
			t.Fatalf("case %d: regression failed", i)
		}
		if r2 < 0.9 {
			t.Errorf("case %d: r² = %f < 0.9", i, r2)
		}
		if uint64(internal) != tc.internal {
			t.Errorf("case %d: internal %d, want %d", i, uint64(internal), tc.internal)
		}
		expRate, rate := float64(tc.num)/float64(tc.deno), float64(num)/float64(den)
		if d := expRate - rate; d < -0.1 || d > 0.1 {
			t.Errorf("case %d: rate %f, want %f", i, rate, expRate)
		}
		if float64(ext) < float64(tc.external)*0.99 || float64(ext) > float64(tc.external)*1.01 {
			t.Errorf("case %d: external %d, want %d", i, uint64(ext), tc.external)
		}
	}
	if ok, _, _, _, _, _ := clockLinearRegression([]ClockTime{5, 5, 5, 6}, nil, 2); ok {
		t.Error("regression over equal x succeeded")
	}
}

func TestAddObservation(t *testing.T) {
	c := newFakeClock("slave")
	// master = 2·slave + 1000: exact line.
	for i := 1; i <= 3; i++ {
		if ok, _ := c.AddObservation(ClockTime(i)*Second, ClockTime(2*i)*Second+1000); ok {
			t.Fatalf("observation %d applied before window-threshold", i)
		}
	}
	ok, r2 := c.AddObservation(4*Second, 8*Second+1000)
	if !ok || r2 != 1 {
		t.Fatalf("4th observation: ok=%v r²=%v", ok, r2)
	}
	internal, external, num, denom := c.Calibration()
	if internal != 4*Second || external != 8*Second+1000 || float64(num)/float64(denom) != 2 {
		t.Fatalf("calibration %v %v %d/%d", internal, external, uint64(num), uint64(denom))
	}
	ok, _, i2, e2, n2, d2 := c.AddObservationUnapplied(5*Second, 10*Second+1000)
	if !ok || i2 != 5*Second || e2 != 10*Second+1000 || float64(n2)/float64(d2) != 2 {
		t.Fatalf("unapplied: %v %v %v %d/%d", ok, i2, e2, uint64(n2), uint64(d2))
	}
	if internal, _, _, _ := c.Calibration(); internal != 4*Second {
		t.Fatal("AddObservationUnapplied applied the calibration")
	}
	if ok, _, _, _, _, _ := c.AddObservationUnapplied(ClockTimeNone, 0); ok {
		t.Fatal("invalid observation accepted")
	}
}

func TestClockProperties(t *testing.T) {
	c := newFakeClock("p")
	if c.WindowSize() != 32 || c.WindowThreshold() != 4 || c.Timeout() != 100*Millisecond {
		t.Fatalf("defaults: %d %d %v", c.WindowSize(), c.WindowThreshold(), c.Timeout())
	}
	if err := c.SetWindowSize(1); err == nil {
		t.Error("window-size 1 accepted")
	}
	if err := c.SetWindowThreshold(2000); err == nil {
		t.Error("window-threshold 2000 accepted")
	}
	if err := c.SetWindowThreshold(8); err != nil || c.WindowThreshold() != 8 {
		t.Errorf("SetWindowThreshold(8): %v, %d", err, c.WindowThreshold())
	}
	if err := c.SetWindowSize(4); err != nil || c.WindowSize() != 4 || c.WindowThreshold() != 4 {
		t.Errorf("SetWindowSize(4): %v, size %d threshold %d", err, c.WindowSize(), c.WindowThreshold())
	}
	c.SetTimeout(50 * Millisecond)
	if c.Timeout() != 50*Millisecond {
		t.Error("SetTimeout")
	}
	if c.Resolution() != 1 || c.SetResolution(10) != 0 {
		t.Error("default resolution")
	}
	if c.TypeName() != "TestClock" || c.Name() != "p" {
		t.Error("object identity")
	}
}

// test_set_master_refcount (tests/check/gst/gstclock.c), without refcounts:
// the slave samples the master through a periodic ID that SetMaster(nil)
// unschedules.
func TestSetMaster(t *testing.T) {
	master := newFakeClock("TestClockMaster")
	slave := newFakeClock("TestClockSlave")
	if slave.SetMaster(master) {
		t.Fatal("SetMaster succeeded without ClockFlagCanSetMaster")
	}
	slave.SetFlags(ClockFlagCanSetMaster)
	if slave.SetMaster(slave) {
		t.Fatal("a clock became its own master")
	}
	if !slave.SetMaster(master) {
		t.Fatal("SetMaster failed")
	}
	if slave.Master() != Clock(master) {
		t.Fatal("Master() is not the master")
	}
	master.mu.Lock()
	if len(master.asyncWaits) != 1 {
		t.Fatalf("master has %d async waits, want 1", len(master.asyncWaits))
	}
	id := master.asyncWaits[0]
	master.mu.Unlock()
	if id.Type() != ClockEntryPeriodic || id.Interval() != slave.Timeout() || !id.UsesClock(master) {
		t.Fatalf("sampling ID: type %v interval %v", id.Type(), id.Interval())
	}
	// Drive the sampling callback by hand: it adds observations.
	for i := 0; i < 4; i++ {
		slave.now.Store(uint64(i) * uint64(Second))
		master.now.Store(uint64(2*i)*uint64(Second) + uint64(Second))
		id.Callback()(master, id.Time(), id)
	}
	if _, _, num, denom := slave.Calibration(); float64(num)/float64(denom) != 2 {
		t.Fatalf("slave rate %d/%d after sampling, want 2", uint64(num), uint64(denom))
	}
	if !slave.SetMaster(nil) || slave.Master() != nil {
		t.Fatal("SetMaster(nil)")
	}
	if id.Status() != ClockUnscheduled {
		t.Fatal("sampling ID not unscheduled")
	}
	// A master that needs sync and is not synced is refused.
	master.SetFlags(ClockFlagNeedsStartupSync)
	if slave.SetMaster(master) {
		t.Fatal("SetMaster to an unsynced master succeeded")
	}
	master.SetSynced(true)
	if !master.WaitForSync(Millisecond) || !slave.SetMaster(master) {
		t.Fatal("SetMaster to a synced master failed")
	}
	slave.SetMaster(nil)
}

func TestWaitForSyncTimeout(t *testing.T) {
	c := newFakeClock("sync")
	if !c.WaitForSync(ClockTimeNone) {
		t.Fatal("clock without NeedsStartupSync is not synced")
	}
	c.SetFlags(ClockFlagNeedsStartupSync)
	if c.IsSynced() {
		t.Fatal("IsSynced before SetSynced")
	}
	if c.WaitForSync(Millisecond) {
		t.Fatal("WaitForSync reported synced")
	}
	done := make(chan bool)
	go func() { done <- c.WaitForSync(ClockTimeNone) }()
	c.SetSynced(true)
	if !<-done {
		t.Fatal("WaitForSync after SetSynced")
	}
}

func TestClockIDBasics(t *testing.T) {
	c := newFakeClock("ids")
	a, b := c.NewSingleShotID(1*Second), c.NewSingleShotID(2*Second)
	for _, tc := range []struct {
		x, y *ClockID
		want int
	}{{a, b, -1}, {b, a, 1}, {a, a, 0}} {
		if got := tc.x.Compare(tc.y); got != tc.want {
			t.Errorf("Compare = %d, want %d", got, tc.want)
		}
	}
	if a.Time() != Second || a.Type() != ClockEntrySingle || a.Interval() != ClockTimeNone || a.Status() != ClockOK {
		t.Error("single-shot fields")
	}
	if a.Clock() != Clock(c) || !a.UsesClock(c) || a.UsesClock(newFakeClock("other")) {
		t.Error("Clock/UsesClock")
	}
	if c.NewPeriodicID(0, 0) != nil || c.NewPeriodicID(0, ClockTimeNone) != nil {
		t.Error("periodic ID with a bad interval")
	}
	var nilID *ClockID
	if r, _ := nilID.Wait(); r != ClockError || nilID.WaitAsync(func(Clock, ClockTime, *ClockID) bool { return true }) != ClockError {
		t.Error("nil ID")
	}
	nilID.Unschedule()
	if nilID.Time() != ClockTimeNone || nilID.Clock() != nil {
		t.Error("nil ID accessors")
	}
	// Bad time: BADTIME, and the async callback runs with ClockTimeNone.
	bad := c.NewSingleShotID(ClockTimeNone)
	if r, _ := bad.Wait(); r != ClockBadTime {
		t.Errorf("Wait(NONE) = %v", r)
	}
	var got ClockTime
	if r := bad.WaitAsync(func(_ Clock, tm ClockTime, _ *ClockID) bool { got = tm; return true }); r != ClockBadTime || got != ClockTimeNone {
		t.Errorf("WaitAsync(NONE) = %v, callback time %v", r, got)
	}
	// Waiting on a clock without wait support.
	if r, _ := a.Wait(); r != ClockUnsupported {
		t.Errorf("Wait on fake clock = %v", r)
	}
	// Reinit.
	a.SetStatus(ClockUnscheduled)
	if !c.SingleShotIDReinit(a, 5*Second) || a.Status() != ClockOK || a.Time() != 5*Second {
		t.Error("SingleShotIDReinit")
	}
	if !c.PeriodicIDReinit(a, 1, 2) || a.Type() != ClockEntryPeriodic || a.Interval() != 2 {
		t.Error("PeriodicIDReinit")
	}
	if c.SingleShotIDReinit(a, ClockTimeNone) || newFakeClock("x").SingleShotIDReinit(a, 1) {
		t.Error("reinit with bad time or foreign clock succeeded")
	}
	a.SetStatus(ClockBusy)
	if c.SingleShotIDReinit(a, 1) {
		t.Error("reinit of a busy ID succeeded")
	}
}
