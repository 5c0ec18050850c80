package base

import (
	"context"
	"errors"
	"fmt"

	"github.com/gstmini/gstmini/gst"
)

// PushCreator is the data vfunc of a PushSrc: it returns the next buffer,
// or gst.ErrEOS at the end. ctx is cancelled on flush and PAUSED→READY; the
// caller owns the returned buffer. Called from the streaming thread.
//
// GStreamer: GstPushSrcClass.create (libs/gst/base/gstpushsrc.h).
type PushCreator interface {
	Create(ctx context.Context) (*gst.Buffer, error)
}

// Filler is the alternative data vfunc of a PushSrc: it fills buf, a new
// buffer of blocksize bytes allocated by the base. Called from the
// streaming thread.
//
// GStreamer: GstPushSrcClass.fill (libs/gst/base/gstpushsrc.h).
type Filler interface {
	Fill(ctx context.Context, buf *gst.Buffer) error
}

// PushSrc is the base of sources that produce data in order and cannot
// seek by offset (GstPushSrc). Embed it and implement Create(ctx) or
// Fill(ctx, buf); everything else is Src's.
//
// GStreamer: GstPushSrc (libs/gst/base/gstpushsrc.c).
type PushSrc struct {
	Src
	create PushCreator
	fill   Filler
}

// Constructed resolves Create or Fill on the outer element and chains up
// to Src.Constructed. It returns an error when the element has neither.
//
// GStreamer: gst_push_src_init (libs/gst/base/gstpushsrc.c).
func (p *PushSrc) Constructed() error {
	impl := p.Impl()
	if impl == nil {
		return errors.New("base.PushSrc: element not initialised with gst.InitElement")
	}
	p.create, _ = impl.(PushCreator)
	p.fill, _ = impl.(Filler)
	if p.create == nil && p.fill == nil {
		return fmt.Errorf("base.PushSrc: %T implements neither Create(ctx) nor Fill", impl)
	}
	p.Src.creator = p.srcCreate
	return p.Src.Constructed()
}

// srcCreate is GstPushSrc's GstBaseSrcClass.create: offset and size are
// ignored except that Fill gets a buffer of size bytes.
func (p *PushSrc) srcCreate(ctx context.Context, _ uint64, size uint) (*gst.Buffer, error) {
	if p.create != nil {
		return p.create.Create(ctx)
	}
	buf := gst.NewBufferAllocate(int(size))
	if err := p.fill.Fill(ctx, buf); err != nil {
		buf.Unref()
		return nil, err
	}
	return buf, nil
}

// Query is PushSrc's query handler: SCHEDULING answers push mode only and
// the rest chains up to Src.Query.
//
// GStreamer: gst_push_src_query (libs/gst/base/gstpushsrc.c).
func (p *PushSrc) Query(q gst.Query) bool {
	if sq, ok := q.(*gst.SchedulingQuery); ok {
		sq.Flags, sq.MinSize, sq.MaxSize, sq.Align = gst.SchedulingFlagSequential, 1, -1, 0
		sq.AddMode(gst.PadModePush)
		return true
	}
	return p.Src.Query(q)
}
