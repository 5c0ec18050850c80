/* The GStreamer side of bench/wakeup.sh: a live videotestsrc at RATE frames
 * per second into fakesink sync=true; the handoff records
 * clock time - (base time + running time + latency) per buffer and prints
 * p50, p99 and max in microseconds, the same figure main.go prints for
 * GstMini. Build: gcc gst_wakeup.c $(pkg-config --cflags --libs gstreamer-1.0 gstreamer-base-1.0)
 * Usage: gst_wakeup RATE N */
#include <gst/gst.h>
#include <gst/base/gstbasesink.h>
#include <stdio.h>
#include <stdlib.h>

#define WARMUP 10

static double *late;
static int count, wanted;

static void
on_handoff (GstElement * sink, GstBuffer * buf, GstPad * pad, gpointer user)
{
  GstClock *clock = gst_element_get_clock (sink);
  GstSegment seg;
  GstEvent *ev;
  GstClockTime now, rt, target;

  if (clock == NULL || count >= wanted + WARMUP)
    goto out;
  now = gst_clock_get_time (clock);
  ev = gst_pad_get_sticky_event (pad, GST_EVENT_SEGMENT, 0);
  if (ev == NULL)
    goto out;
  gst_event_copy_segment (ev, &seg);
  gst_event_unref (ev);
  rt = gst_segment_to_running_time (&seg, GST_FORMAT_TIME, GST_BUFFER_PTS (buf));
  target = gst_element_get_base_time (sink) + rt +
      gst_base_sink_get_latency (GST_BASE_SINK (sink));
  late[count++] = ((gint64) now - (gint64) target) / 1000.0;
out:
  if (clock)
    gst_object_unref (clock);
}

static int
cmp (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

int
main (int argc, char **argv)
{
  int rate = argc > 1 ? atoi (argv[1]) : 1000;
  GstElement *pipeline, *sink;
  GError *err = NULL;
  GstMessage *msg;
  gchar *desc;
  double *v;
  int n;

  wanted = argc > 2 ? atoi (argv[2]) : 2000;
  late = calloc (wanted + WARMUP, sizeof (double));
  gst_init (&argc, &argv);
  desc = g_strdup_printf ("videotestsrc is-live=true pattern=black num-buffers=%d "
      "! video/x-raw,format=GRAY8,width=16,height=16,framerate=%d/1 "
      "! fakesink name=sink sync=true signal-handoffs=true", wanted + WARMUP, rate);
  pipeline = gst_parse_launch (desc, &err);
  if (pipeline == NULL) {
    fprintf (stderr, "gst_wakeup: %s\n", err->message);
    return 1;
  }
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_signal_connect (sink, "handoff", G_CALLBACK (on_handoff), NULL);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (GST_ELEMENT_BUS (pipeline),
      GST_CLOCK_TIME_NONE, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);

  n = count > WARMUP ? count - WARMUP : count;
  v = count > WARMUP ? late + WARMUP : late;
  if (n == 0) {
    fprintf (stderr, "gst_wakeup: no buffers rendered\n");
    return 1;
  }
  qsort (v, n, sizeof (double), cmp);
  printf ("GStreamer rate=%d/s n=%d p50=%.1f p99=%.1f max=%.1f µs\n", rate, n,
      v[n / 2], v[(int) (0.99 * n) < n ? (int) (0.99 * n) : n - 1], v[n - 1]);
  return 0;
}
