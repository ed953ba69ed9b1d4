package aritest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/telephony/rtp"
)

// maxHeard caps what one call records (10 minutes of 8 kHz audio).
const maxHeard = 8000 * 600

// RTPStats describes the RTP a simulated Asterisk ExternalMedia channel received from the app.
type RTPStats struct {
	Packets      int
	WrongSource  int // from an address other than external_host (strict RTP would drop them)
	BadPayload   int // not RTP, or PT > 34 (Asterisk drops dynamic PTs on UnicastRTP)
	SSRCChanges  int
	SeqGaps      int // sequence numbers skipped (lost or never sent)
	SeqDisorder  int // duplicates or out of order
	BadTimestamp int // timestamp step that is not +160 per sequence step within a talk spurt
	Markers      int // packets with the marker bit (talk spurt starts)
	ReadTimed    int // packets timed when read, the kernel having given no receive timestamp
	// JitterSamples holds, per packet, how late it arrived against the sender's schedule as its RTP
	// timestamps state it (8 kHz clock, 160 per 20 ms, gaps included), anchored on the packet that came
	// earliest relative to that schedule. Computed when the stats are taken, so every packet is measured
	// against the same final anchor.
	JitterSamples []time.Duration
}

// mediaEndpoint is the Asterisk side of one UnicastRTP channel: a UDP socket that sends the bridged
// caller's audio to external_host and takes the app's RTP.
type mediaEndpoint struct {
	s      *Server
	conn   *net.UDPConn
	dst    *net.UDPAddr
	format string
	ch     *channel
	peer   atomic.Pointer[Call]
	once   sync.Once

	// The socket is drained without blocking from a stream on the simulator's scheduler (a reader
	// goroutine per call cost a wake-up per packet and competed with the app for the same cores). Arrival
	// is the kernel's receive timestamp (SO_TIMESTAMPNS), so reading late does not bias the measurement.
	stream *rtp.Stream
	raw    syscall.RawConn
	recv   func(fd uintptr) bool
	rbuf   [1500]byte
	oob    [8]uint64 // cmsg buffer, 8-byte aligned for the timespec inside
	rn     int
	roobn  int
	rfrom  syscall.Sockaddr
	rerr   error
	pcm    [rtp.MaxPayload]int16

	sendMu sync.Mutex
	pk     *rtp.Packetizer
	buf    []byte

	statMu   sync.Mutex
	stats    RTPStats
	lastSSRC uint32
	lastSeq  uint16
	lastTS   uint32
	first    bool
	t0       time.Time
	ts0      uint32
	ext      int64           // RTP timestamp of the current packet, unwrapped, relative to ts0
	offsets  []time.Duration // arrival minus scheduled time (relative to t0), per packet
}

func newMediaEndpoint(s *Server, dst *net.UDPAddr, format string) (*mediaEndpoint, error) {
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		return nil, err
	}
	_ = conn.SetReadBuffer(1 << 20)
	m := &mediaEndpoint{s: s, conn: conn, dst: dst, format: format, pk: rtp.NewPacketizer(0, 160), first: true}
	if m.raw, err = conn.SyscallConn(); err != nil {
		_ = conn.Close()
		return nil, err
	}
	_ = m.raw.Control(func(fd uintptr) {
		// Without kernel timestamps arrival falls back to the read time (see arrival).
		_ = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_TIMESTAMPNS, 1)
	})
	oob := unsafe.Slice((*byte)(unsafe.Pointer(&m.oob[0])), len(m.oob)*8)
	m.recv = func(fd uintptr) bool {
		// MSG_DONTWAIT, and true whatever happened: never park on the poller, EAGAIN ends the drain.
		m.rn, m.roobn, _, m.rfrom, m.rerr = syscall.Recvmsg(int(fd), m.rbuf[:], oob, syscall.MSG_DONTWAIT)
		return true
	}
	s.endpoints = append(s.endpoints, m)
	return m, nil
}

func (m *mediaEndpoint) start() {
	m.stream = m.s.sched.Add(func(int64, time.Time) { m.drain() })
}

// close stops reading and frees the socket; safe to call more than once, from any goroutine but the
// simulator's scheduler.
func (m *mediaEndpoint) close() {
	m.once.Do(func() {
		if m.stream != nil {
			m.stream.Stop() // no drain runs after this: the socket can go
		}
		_ = m.conn.Close()
	})
}

// drain takes every datagram waiting on the socket (at most one period's worth of a flood).
func (m *mediaEndpoint) drain() {
	for range 64 {
		if err := m.raw.Read(m.recv); err != nil || m.rerr != nil {
			return
		}
		at, kernel := m.arrival()
		if !kernel {
			m.statMu.Lock()
			m.stats.ReadTimed++
			m.statMu.Unlock()
		}
		m.handle(m.rbuf[:m.rn], at)
	}
}

// arrival is when the last datagram reached the socket: the kernel timestamp if there is one (kernel true).
func (m *mediaEndpoint) arrival() (at time.Time, kernel bool) {
	hdr := syscall.CmsgLen(0)
	if m.roobn >= syscall.CmsgLen(int(unsafe.Sizeof(syscall.Timespec{}))) {
		h := (*syscall.Cmsghdr)(unsafe.Pointer(&m.oob[0]))
		if h.Level == syscall.SOL_SOCKET && h.Type == syscall.SCM_TIMESTAMPNS && hdr%8 == 0 {
			ts := (*syscall.Timespec)(unsafe.Pointer(&m.oob[hdr/8]))
			return time.Unix(ts.Unix()), true
		}
	}
	return time.Now().Round(0), false // wall clock, like the kernel's, so both kinds compare
}

func (m *mediaEndpoint) handle(buf []byte, now time.Time) {
	from, ok := m.rfrom.(*syscall.SockaddrInet4)
	if !ok || from.Port != m.dst.Port || !m.dst.IP.Equal(net.IP(from.Addr[:])) {
		m.statMu.Lock()
		m.stats.WrongSource++
		m.statMu.Unlock()
		return
	}
	p, err := rtp.Parse(buf)
	if err != nil || p.PayloadType > 34 {
		m.statMu.Lock()
		m.stats.BadPayload++
		m.statMu.Unlock()
		return
	}
	m.account(p, now)
	if c := m.peer.Load(); c != nil && p.PayloadType == 0 {
		pcm := m.pcm[:len(p.Payload)]
		audio.MulawDecode(pcm, p.Payload)
		c.record(p.Timestamp, pcm, now)
	}
}

func (m *mediaEndpoint) account(p rtp.Packet, now time.Time) {
	m.statMu.Lock()
	defer m.statMu.Unlock()
	st := &m.stats
	st.Packets++
	if p.Marker {
		st.Markers++
	}
	if m.first {
		m.first = false
		m.lastSSRC, m.lastSeq, m.lastTS = p.SSRC, p.SequenceNumber, p.Timestamp
		m.t0, m.ts0, m.ext = now, p.Timestamp, 0
		m.record(now)
		return
	}
	if p.SSRC != m.lastSSRC {
		// A new stream has a new clock: its offsets cannot be compared with the old one's.
		st.SSRCChanges++
		m.lastSSRC, m.lastSeq, m.lastTS = p.SSRC, p.SequenceNumber, p.Timestamp
		m.t0, m.ts0, m.ext = now, p.Timestamp, 0
		m.offsets = m.offsets[:0]
		m.record(now)
		return
	}
	d := int16(p.SequenceNumber - m.lastSeq)
	switch {
	case d <= 0:
		st.SeqDisorder++
		return
	case d > 1:
		st.SeqGaps += int(d) - 1
	}
	step := p.Timestamp - m.lastTS
	if !p.Marker && step != uint32(d)*160 {
		st.BadTimestamp++
	}
	if p.Marker && (step < uint32(d)*160 || step%160 != 0) {
		st.BadTimestamp++
	}
	m.ext += int64(int32(p.Timestamp - m.lastTS))
	m.lastSeq, m.lastTS = p.SequenceNumber, p.Timestamp
	m.record(now)
}

// record notes how far the packet's arrival is from its place on the sender's RTP clock. Caller holds statMu.
func (m *mediaEndpoint) record(now time.Time) {
	if len(m.offsets) < 1<<16 {
		m.offsets = append(m.offsets, now.Sub(m.t0)-time.Duration(m.ext)*time.Second/8000)
	}
}

func (m *mediaEndpoint) snapshot() RTPStats {
	m.statMu.Lock()
	defer m.statMu.Unlock()
	st := m.stats
	if len(m.offsets) > 0 {
		base := slices.Min(m.offsets)
		st.JitterSamples = make([]time.Duration, len(m.offsets))
		for i, o := range m.offsets {
			st.JitterSamples[i] = o - base
		}
	}
	return st
}

// send writes one 20 ms µ-law frame toward external_host from the advertised RTP address.
func (m *mediaEndpoint) send(pcm []int16) error {
	m.sendMu.Lock()
	defer m.sendMu.Unlock()
	var payload [160]byte
	audio.MulawEncode(payload[:], pcm)
	var err error
	m.buf, err = m.pk.Append(m.buf[:0], payload[:])
	if err != nil {
		return err
	}
	_, err = m.conn.WriteToUDP(m.buf, m.dst)
	return err
}

// Continued is where a caller was sent by POST /channels/{id}/continue.
type Continued struct {
	Context   string
	Extension string
	Priority  int64
}

// CallOptions describe a simulated inbound caller.
type CallOptions struct {
	App          string   // Stasis application (required)
	CallerNumber string   // default "+4930123456"
	Extension    string   // dialled number, default "4930999"
	Args         []string // Stasis() arguments
}

// Call is one simulated caller (a PJSIP channel that entered Stasis from the dialplan).
type Call struct {
	s         *Server
	id        string
	app       string
	done      chan struct{}
	em        atomic.Pointer[mediaEndpoint]
	lastEM    atomic.Pointer[mediaEndpoint]
	continued *Continued // under s.mu
	ended     bool       // under s.mu

	mu       sync.Mutex
	heard    []int16
	haveBase bool
	base     uint32
	pkts     int       // RTP packets from the app recorded so far
	lastAt   time.Time // when the last one arrived
}

// NewCall makes a caller enter Stasis(app): the app receives StasisStart with the channel in state Ring.
func (s *Server) NewCall(opts CallOptions) (*Call, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.notifyLocked()
	if s.apps[opts.App] == nil {
		return nil, fmt.Errorf("%w: %q", ErrAppNotActive, opts.App)
	}
	id := s.nextID()
	c := &channel{
		id: id, name: fmt.Sprintf("PJSIP/trunk-%08x", s.seq), state: "Ring",
		protocolID:   fmt.Sprintf("%x-%d@127.0.0.1", time.Now().UnixNano(), s.seq),
		callerNumber: cmp(opts.CallerNumber, "+4930123456"), context: "from-trunk",
		exten: cmp(opts.Extension, "4930999"), priority: 2, appName: "Stasis",
		appData: strings.Join(append([]string{opts.App}, opts.Args...), ","), created: time.Now(),
		vars: map[string]string{}, app: opts.App,
	}
	call := &Call{s: s, id: id, app: opts.App, done: make(chan struct{})}
	c.call = call
	s.channels[id] = c
	args := []any{}
	for _, a := range opts.Args {
		args = append(args, a)
	}
	s.emitLocked(opts.App, "StasisStart", map[string]any{"args": args, "channel": c.json()})
	return call, nil
}

// ID is the caller's channel id.
func (c *Call) ID() string { return c.id }

// Done is closed when the caller left Stasis (hung up or continued in the dialplan).
func (c *Call) Done() <-chan struct{} { return c.done }

func (c *Call) endLocked() {
	if !c.ended {
		c.ended = true
		close(c.done)
	}
}

// State returns the caller channel's state ("Ring", "Up"), or "" once it is gone.
func (c *Call) State() string {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	if ch := c.s.channels[c.id]; ch != nil {
		return ch.state
	}
	return ""
}

// Var returns a channel variable set on the caller.
func (c *Call) Var(name string) (string, bool) {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	ch := c.s.channels[c.id]
	if ch == nil {
		return "", false
	}
	v, ok := ch.vars[name]
	return v, ok
}

// Continued says where the caller was continued to, if it was.
func (c *Call) Continued() (Continued, bool) {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	if c.continued == nil {
		return Continued{}, false
	}
	return *c.continued, true
}

// WaitBridged waits until the caller shares a bridge with an ExternalMedia channel, so media flows.
func (c *Call) WaitBridged(ctx context.Context) error {
	return c.s.waitFor(ctx, func() bool { return c.em.Load() != nil || c.ended })
}

// RTPStats returns what the ExternalMedia channel serving this call received.
func (c *Call) RTPStats() RTPStats {
	if m := c.lastEM.Load(); m != nil {
		return m.snapshot()
	}
	return RTPStats{}
}

// ResetRTPStats forgets what was received so far, so a load test can measure the steady state once all
// its calls are up rather than the setup rush.
func (c *Call) ResetRTPStats() {
	m := c.lastEM.Load()
	if m == nil {
		return
	}
	m.statMu.Lock()
	defer m.statMu.Unlock()
	m.stats = RTPStats{}
	m.first = true
	m.offsets = m.offsets[:0]
}

// MediaAddr returns the simulated Asterisk RTP address of the call's ExternalMedia channel.
func (c *Call) MediaAddr() *net.UDPAddr {
	if m := c.lastEM.Load(); m != nil {
		return m.conn.LocalAddr().(*net.UDPAddr)
	}
	return nil
}

// SendPCM plays 8 kHz PCM as the caller's voice: 20 ms µ-law RTP packets on an absolute 20 ms schedule
// from the ExternalMedia channel's advertised address to external_host. All callers share the simulator's
// scheduler, so a load test's thousand callers do not need a thousand timers.
func (c *Call) SendPCM(ctx context.Context, pcm []int16) error {
	done := make(chan error, 1)
	off := 0
	finish := func(err error) {
		select {
		case done <- err:
		default:
		}
	}
	st := c.s.sched.Add(func(int64, time.Time) {
		if off >= len(pcm) {
			finish(nil)
			return
		}
		var frame [160]int16
		copy(frame[:], pcm[off:])
		off += 160
		m := c.em.Load()
		if m == nil {
			select {
			case <-c.done:
				finish(ErrCallEnded)
			default:
				finish(ErrNotBridged)
			}
			return
		}
		if err := m.send(frame[:]); err != nil && !errors.Is(err, net.ErrClosed) {
			finish(err)
		}
	})
	defer st.Stop()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// SendWAV plays a WAV file (any rate; resampled to 8 kHz) as the caller's voice.
func (c *Call) SendWAV(ctx context.Context, path string) error {
	pcm, rate, err := audio.ReadWAVFile(path)
	if err != nil {
		return err
	}
	if rate != 8000 {
		if pcm, err = audio.Resample(pcm, rate, 8000); err != nil {
			return err
		}
	}
	return c.SendPCM(ctx, pcm)
}

// record places received audio by RTP timestamp, so gaps the app left stay silent in the recording.
func (c *Call) record(ts uint32, pcm []int16, at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pkts++
	c.lastAt = at
	if !c.haveBase {
		c.haveBase, c.base = true, ts
	}
	pos := int(ts - c.base)
	if pos < 0 || pos+len(pcm) > maxHeard {
		return
	}
	if need := pos + len(pcm); need > len(c.heard) {
		c.heard = slices.Grow(c.heard, need-len(c.heard))[:need]
	}
	copy(c.heard[pos:], pcm)
}

// Heard returns what the app sent to the caller so far, as 8 kHz PCM.
func (c *Call) Heard() []int16 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.heard)
}

// HeardPackets returns how many audio packets from the app reached this caller so far.
func (c *Call) HeardPackets() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pkts
}

// WaitQuiet waits, as a polite caller does, until the app has sent more than after packets and then
// nothing for quiet (the bot finished its sentence). It returns the packet count at that point, to pass
// as after to the next wait.
func (c *Call) WaitQuiet(ctx context.Context, after int, quiet time.Duration) (int, error) {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		c.mu.Lock()
		n, last := c.pkts, c.lastAt
		c.mu.Unlock()
		if n > after && time.Since(last) >= quiet {
			return n, nil
		}
		select {
		case <-ctx.Done():
			return n, fmt.Errorf("waiting for the bot to finish speaking (%d packets heard): %w", n, ctx.Err())
		case <-c.done:
			return n, ErrCallEnded
		case <-tick.C:
		}
	}
}

// WriteHeardWAV saves what the caller heard as an 8 kHz WAV.
func (c *Call) WriteHeardWAV(path string) error {
	return audio.WriteWAVFile(path, c.Heard(), 8000)
}

// DTMF simulates the caller pressing a key (ChannelDtmfReceived is sent when the key is released).
func (c *Call) DTMF(digit rune, duration time.Duration) error {
	if !strings.ContainsRune("0123456789ABCD*#", digit) {
		return fmt.Errorf("aritest: bad DTMF digit %q", digit)
	}
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	ch := c.s.channels[c.id]
	if ch == nil || ch.app == "" {
		return ErrCallEnded
	}
	c.s.emitLocked(ch.app, "ChannelDtmfReceived", map[string]any{"digit": string(digit),
		"duration_ms": duration.Milliseconds(), "channel": ch.json()})
	return nil
}

// Hangup simulates the caller hanging up (BYE): ChannelHangupRequest, ChannelLeftBridge, StasisEnd.
func (c *Call) Hangup() error {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	defer c.s.notifyLocked()
	ch := c.s.channels[c.id]
	if ch == nil {
		return ErrCallEnded
	}
	c.s.hangupLocked(ch, 16, false)
	return nil
}

// relinkLocked points every ExternalMedia endpoint in b at the simulated caller sharing the bridge.
func (s *Server) relinkLocked(b *bridge) {
	var caller *Call
	var ems []*mediaEndpoint
	if b != nil {
		for _, id := range b.channels {
			ch := s.channels[id]
			switch {
			case ch == nil:
			case ch.call != nil:
				caller = ch.call
			case ch.media != nil:
				ems = append(ems, ch.media)
			}
		}
	}
	for _, m := range ems {
		m.peer.Store(caller)
		if caller != nil {
			caller.em.Store(m)
			caller.lastEM.Store(m)
		}
	}
}

// unlinkLocked detaches c's media from whatever it was bridged with.
func (s *Server) unlinkLocked(c *channel) {
	if c.media != nil {
		if p := c.media.peer.Swap(nil); p != nil {
			p.em.CompareAndSwap(c.media, nil)
		}
	}
	if c.call != nil {
		if m := c.call.em.Swap(nil); m != nil {
			m.peer.CompareAndSwap(c.call, nil)
		}
	}
}

// P99 returns the 99th percentile of d (0 if empty).
func P99(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[int(math.Ceil(0.99*float64(len(s))))-1]
}
