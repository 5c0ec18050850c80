package gst

import (
	"slices"
	"sync"
	"testing"
)

// metaTest mirrors GstMetaTest from tests/check/gst/gstmeta.c.
type metaTest struct {
	MetaBase
	pts, dts, duration, clockRate ClockTime
}

type metaFoo struct{ MetaBase }

var (
	testMetasOnce sync.Once
	metaTestInfo  *MetaInfo
	metaFooInfo   *MetaInfo
	metaFrees     int
)

func (*metaTest) MetaInfo() *MetaInfo { return metaTestInfo }
func (*metaFoo) MetaInfo() *MetaInfo  { return metaFooInfo }

func registerTestMetas(t *testing.T) {
	t.Helper()
	testMetasOnce.Do(func() {
		if err := RegisterMetaAPI("GstMetaTestAPI", "timing"); err != nil {
			t.Fatal(err)
		}
		if err := RegisterMetaAPI("GstMetaFooAPI"); err != nil {
			t.Fatal(err)
		}
		var err error
		metaTestInfo, err = RegisterMeta(&MetaInfo{
			API:  "GstMetaTestAPI",
			Impl: "GstMetaTest",
			Free: func(Meta, *Buffer) { metaFrees++ },
			Transform: func(dest *Buffer, m Meta, src *Buffer, tr MetaTransform) bool {
				cp, ok := tr.(*MetaTransformCopy)
				if !ok {
					return false
				}
				sm := m.(*metaTest)
				n := &metaTest{clockRate: sm.clockRate}
				if cp.Offset == 0 {
					n.pts, n.dts = sm.pts, sm.dts
					if !cp.Region {
						if src.Size() != cp.Size {
							t.Error("copy size mismatch")
						}
						n.duration = sm.duration
					} else {
						n.duration = ClockTimeNone
					}
				} else {
					if !cp.Region {
						t.Error("offset copy must be a region")
					}
					n.pts, n.dts, n.duration = ClockTimeNone, ClockTimeNone, ClockTimeNone
				}
				return dest.AddMeta(n) == nil
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		metaFooInfo, err = RegisterMeta(&MetaInfo{
			API:  "GstMetaFooAPI",
			Impl: "GstMetaFoo",
			Transform: func(dest *Buffer, _ Meta, _ *Buffer, tr MetaTransform) bool {
				if tr.TransformType() != "gst-copy" {
					return false
				}
				return dest.AddMeta(&metaFoo{}) == nil
			},
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// Ported from test_meta_test.
func TestMetaCopyTransform(t *testing.T) {
	registerTestMetas(t)
	buf := NewBufferAllocate(4)
	m := &metaTest{pts: 1000, dts: 2000, duration: 1000, clockRate: 1000}
	if err := buf.AddMeta(m); err != nil {
		t.Fatal(err)
	}
	get := func(b *Buffer) *metaTest {
		t.Helper()
		mt, ok := b.Meta("GstMetaTestAPI").(*metaTest)
		if !ok {
			t.Fatal("meta missing")
		}
		return mt
	}
	c := get(buf.Copy())
	if c.pts != 1000 || c.dts != 2000 || c.duration != 1000 || c.clockRate != 1000 {
		t.Fatalf("copy %+v", c)
	}
	sub, _ := buf.CopyRegion(BufferCopyAll, 0, 1)
	c = get(sub)
	if c.pts != 1000 || c.dts != 2000 || c.duration != ClockTimeNone || c.clockRate != 1000 {
		t.Fatalf("prefix region %+v", c)
	}
	sub, _ = buf.CopyRegion(BufferCopyAll, 1, 3)
	c = get(sub)
	if c.pts != ClockTimeNone || c.dts != ClockTimeNone || c.duration != ClockTimeNone || c.clockRate != 1000 {
		t.Fatalf("offset region %+v", c)
	}
	if got, ok := BufferMeta[*metaTest](buf); !ok || got != m {
		t.Fatal("BufferMeta generic lookup")
	}
	if _, ok := BufferMeta[*metaFoo](buf); ok {
		t.Fatal("BufferMeta found a missing type")
	}
	if err := NewBuffer().AddMeta(m); err == nil {
		t.Fatal("a meta must not be attached twice")
	}
}

// Ported from test_meta_locked.
func TestMetaLocked(t *testing.T) {
	registerTestMetas(t)
	buf := NewBufferAllocate(4)
	m := &metaTest{}
	_ = buf.AddMeta(m)
	m.SetFlags(MetaFlagLocked)
	if buf.RemoveMeta(m) {
		t.Fatal("locked meta removed")
	}
	if buf.ForeachMeta(func(Meta) (bool, bool) { return true, true }) {
		t.Fatal("foreach removing a locked meta must fail")
	}
	m.UnsetFlags(MetaFlagLocked)
	before := metaFrees
	if !buf.RemoveMeta(m) || metaFrees != before+1 || buf.NMeta("") != 0 {
		t.Fatal("remove")
	}
}

// Ported from the test_meta_foreach_remove_* cases.
func TestMetaForeachRemove(t *testing.T) {
	registerTestMetas(t)
	cases := []struct {
		name   string
		n      int
		pooled []int
		remove func(i int, m *metaTest) bool // by index
		want   []int
	}{
		{"one of one", 1, nil, func(i int, _ *metaTest) bool { return i == 0 }, nil},
		{"head of three", 3, nil, func(i int, _ *metaTest) bool { return i == 2 }, []int{0, 1}},
		{"middle of three", 3, nil, func(i int, _ *metaTest) bool { return i == 1 }, []int{0, 2}},
		{"tail of three", 3, nil, func(i int, _ *metaTest) bool { return i == 0 }, []int{1, 2}},
		{"unpooled of three", 3, []int{1}, func(_ int, m *metaTest) bool { return !m.HasFlags(MetaFlagPooled) }, []int{1}},
		{"several", 5, []int{1, 4}, func(_ int, m *metaTest) bool { return !m.HasFlags(MetaFlagPooled) }, []int{1, 4}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			buf := NewBufferAllocate(4)
			var ms []*metaTest
			for i := range c.n {
				m := &metaTest{}
				if slices.Contains(c.pooled, i) {
					m.SetFlags(MetaFlagPooled)
				}
				_ = buf.AddMeta(m)
				ms = append(ms, m)
			}
			if buf.NMeta("") != c.n {
				t.Fatal("count")
			}
			buf.ForeachMeta(func(m Meta) (bool, bool) {
				mt := m.(*metaTest)
				return c.remove(slices.Index(ms, mt), mt), true
			})
			var got []int
			for m := range buf.IterateMetas("") {
				got = append(got, slices.Index(ms, m.(*metaTest)))
			}
			if !slices.Equal(got, c.want) {
				t.Fatalf("left %v want %v", got, c.want)
			}
		})
	}
}

// Ported from test_meta_iterate.
func TestMetaIterate(t *testing.T) {
	registerTestMetas(t)
	buf := NewBufferAllocate(4)
	m1 := &metaTest{}
	_ = buf.AddMeta(m1)
	count := func(api string) int {
		n := 0
		for range buf.IterateMetas(api) {
			n++
		}
		return n
	}
	if count("") != 1 || count("GstMetaTestAPI") != 1 || count("GstMetaFooAPI") != 0 {
		t.Fatal("single meta iteration")
	}
	m2, m3 := &metaFoo{}, &metaTest{}
	_ = buf.AddMeta(m2)
	_ = buf.AddMeta(m3)
	var all []Meta
	for m := range buf.IterateMetas("") {
		all = append(all, m)
	}
	if !slices.Equal(all, []Meta{m1, m2, m3}) {
		t.Fatal("order of metas")
	}
	if count("GstMetaTestAPI") != 2 || buf.NMeta("GstMetaFooAPI") != 1 || buf.Meta("GstMetaFooAPI") != Meta(m2) {
		t.Fatal("filtered iteration")
	}
	for range buf.IterateMetas("") {
		break // early stop must not panic
	}
}

// Ported from test_meta_seqnum.
func TestMetaSeqnum(t *testing.T) {
	registerTestMetas(t)
	buf := NewBufferAllocate(4)
	m1, m2, m3 := &metaTest{}, &metaTest{}, &metaTest{}
	for _, m := range []*metaTest{m1, m2, m3} {
		_ = buf.AddMeta(m)
	}
	if CompareMetaSeqnum(m1, m2) >= 0 || CompareMetaSeqnum(m2, m3) >= 0 || CompareMetaSeqnum(m1, m3) >= 0 {
		t.Fatal("increasing")
	}
	if CompareMetaSeqnum(m2, m2) != 0 || CompareMetaSeqnum(m3, m1) <= 0 {
		t.Fatal("compare")
	}
	list := []Meta{m3, m1, m2}
	slices.SortFunc(list, CompareMetaSeqnum)
	if !slices.Equal(list, []Meta{m1, m2, m3}) {
		t.Fatal("sort")
	}
}

func TestMetaRegistry(t *testing.T) {
	registerTestMetas(t)
	if !MetaAPIHasTag("GstMetaTestAPI", "timing") || MetaAPIHasTag("GstMetaFooAPI", "timing") {
		t.Fatal("tags")
	}
	if !slices.Equal(MetaAPITags(ParentBufferMetaAPI), []string{MetaTagMemoryReference}) {
		t.Fatal("parent buffer meta tags")
	}
	if err := RegisterMetaAPI("GstMetaTestAPI", "timing"); err != nil {
		t.Fatal("re-register with same tags must be a no-op")
	}
	if err := RegisterMetaAPI("GstMetaTestAPI", "other"); err == nil {
		t.Fatal("re-register with other tags must fail")
	}
	if _, err := RegisterMeta(&MetaInfo{API: "NoSuchAPI", Impl: "X"}); err == nil {
		t.Fatal("unregistered API must fail")
	}
	if _, err := RegisterMeta(&MetaInfo{API: "GstMetaTestAPI", Impl: "GstMetaTest"}); err == nil {
		t.Fatal("duplicate impl must fail")
	}
	if LookupMetaInfo("GstMetaTest") != metaTestInfo || LookupMetaInfo("GstReferenceTimestampMeta") == nil {
		t.Fatal("lookup")
	}
}

// Memory-tagged metas are dropped by region copies, memory-reference
// metas by deep copies (gst_buffer_copy_into).
func TestMetaCopyTags(t *testing.T) {
	registerTestMetas(t)
	buf := NewBufferAllocate(4)
	parent := NewBuffer()
	_, _ = buf.AddParentBufferMeta(parent)
	if buf.Copy().ParentBufferMeta() == nil {
		t.Fatal("shallow copy must keep the parent meta")
	}
	if buf.CopyDeep().ParentBufferMeta() != nil {
		t.Fatal("deep copy must drop memory-reference metas")
	}
}

func TestReferenceTimestampMeta(t *testing.T) {
	ref := NewCapsEmpty()
	buf := NewBuffer()
	m, err := buf.AddReferenceTimestampMeta(ref, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got := buf.ReferenceTimestampMeta(nil); got != m || got.Timestamp != 1 || got.Duration != 2 || got.Reference != ref {
		t.Fatal("lookup")
	}
	if buf.ReferenceTimestampMeta(ref) != m {
		t.Fatal("lookup by caps")
	}
	if _, err := buf.AddReferenceTimestampMeta(nil, 1, 2); err == nil {
		t.Fatal("nil caps must fail")
	}
	if _, err := buf.AddReferenceTimestampMeta(ref, ClockTimeNone, 2); err == nil {
		t.Fatal("invalid timestamp must fail")
	}
	// copied by every copy, also regions, and not duplicated
	sub, _ := buf.CopyRegion(BufferCopyAll, 0, 0)
	if cm := sub.ReferenceTimestampMeta(nil); cm == nil || cm == m || cm.Timestamp != 1 {
		t.Fatal("region copy must carry the meta")
	}
	_ = CopyInto(sub, buf, BufferCopyMeta, 0, -1)
	if sub.NMeta(ReferenceTimestampMetaAPI) != 1 {
		t.Fatal("equal reference timestamp meta must not be duplicated")
	}
	buf.Ref()
	if _, err := buf.AddReferenceTimestampMeta(ref, 1, 2); err == nil {
		t.Fatal("adding to non-writable buffer must fail")
	}
}
