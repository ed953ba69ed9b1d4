package ari

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/telephony/rtp"
)

const (
	ulawFrame   = 160 // 20 ms of 8 kHz µ-law
	inQueue     = 50  // caller frames buffered for Read (1 s); oldest dropped beyond
	outQueue    = 8   // bot frames queued before Write blocks (160 ms): small, so Flush is cheap
	ptPCMU      = 0
	rtpReadSize = 1500
)

// media is the RTP side of one call: one UDP socket for both directions (strict RTP on Asterisk only
// trusts the external_host address it was given), a receive jitter buffer and a 20 ms send clock.
type media struct {
	conn *net.UDPConn
	peer atomic.Pointer[net.UDPAddr]
	m    *metrics

	jbMu sync.Mutex
	jb   *rtp.JitterBuffer

	in      chan audio.Frame
	out     chan audio.Frame
	flushes atomic.Int64
	played  atomic.Int64

	clk    clockState // touched only by tick, which the scheduler serialises
	stream *rtp.Stream

	stop chan struct{}
	once sync.Once
	wg   sync.WaitGroup
}

// clockState is what the 20 ms tick carries from one period to the next.
type clockState struct {
	up, down *audio.Resampler
	pk       *rtp.Packetizer
	last     int64
	pcm8     [ulawFrame]int16
	inPCM    []int16
	outPCM   []int16
	payload  [ulawFrame]byte
	pkt      []byte
	flushes  int64
}

// listenRTP binds a UDP socket on host within [lo, hi] (any port when both are 0).
func listenRTP(host string, lo, hi int) (*net.UDPConn, error) {
	ip := net.ParseIP(host)
	if lo == 0 && hi == 0 {
		return net.ListenUDP("udp", &net.UDPAddr{IP: ip})
	}
	n := hi - lo + 1
	start := rand.IntN(n)
	for i := range n {
		port := lo + (start+i)%n
		if c, err := net.ListenUDP("udp", &net.UDPAddr{IP: ip, Port: port}); err == nil {
			return c, nil
		}
	}
	return nil, fmt.Errorf("%w: %s:%d-%d", ErrNoRTPPort, host, lo, hi)
}

func newMedia(conn *net.UDPConn, jitterDepth int, m *metrics) *media {
	_ = conn.SetReadBuffer(256 << 10)
	up, _ := audio.NewResampler(8000, audio.SampleRate)
	down, _ := audio.NewResampler(audio.SampleRate, 8000)
	return &media{
		conn: conn, m: m,
		jb:   rtp.NewJitterBuffer(ulawFrame, rtp.WithDepth(jitterDepth)),
		in:   make(chan audio.Frame, inQueue),
		out:  make(chan audio.Frame, outQueue),
		clk:  clockState{up: up, down: down, pk: rtp.NewPacketizer(ptPCMU, ulawFrame), last: -1},
		stop: make(chan struct{}),
	}
}

// setPeer records Asterisk's RTP address (UNICASTRTP_LOCAL_ADDRESS/PORT). An unusable address leaves the
// peer to be learnt from the first packet.
func (md *media) setPeer(addr, port string) {
	ua, err := net.ResolveUDPAddr("udp", net.JoinHostPort(addr, port))
	if err != nil || ua.IP.IsUnspecified() || ua.Port == 0 {
		return
	}
	md.peer.Store(ua)
}

func (md *media) start(sched *rtp.Scheduler) {
	md.wg.Add(1)
	go md.readLoop()
	md.stream = sched.Add(md.tick)
}

// close stops the clock, the reader and the socket; safe to call more than once.
func (md *media) close() {
	md.once.Do(func() {
		if md.stream != nil {
			md.stream.Stop() // no tick runs after this: the socket can go
		}
		close(md.stop)
		_ = md.conn.Close()
	})
	md.wg.Wait()
}

func (md *media) readLoop() {
	defer md.wg.Done()
	buf := make([]byte, rtpReadSize)
	var pcm [ulawFrame]int16
	for {
		n, from, err := md.conn.ReadFromUDP(buf)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		peer := md.peer.Load()
		if peer == nil {
			md.peer.CompareAndSwap(nil, from)
		} else if !peer.IP.Equal(from.IP) || peer.Port != from.Port {
			md.m.rtpDropped.WithLabelValues("wrong_source").Inc()
			continue
		}
		p, err := rtp.ParseExpect(buf[:n], ptPCMU)
		if err != nil {
			md.m.rtpDropped.WithLabelValues("bad_packet").Inc()
			continue
		}
		if len(p.Payload) != ulawFrame {
			md.m.rtpDropped.WithLabelValues("unexpected_ptime").Inc()
			continue
		}
		md.m.rtpPackets.WithLabelValues("in").Inc()
		audio.MulawDecode(pcm[:], p.Payload)
		md.jbMu.Lock()
		md.jb.Push(p.SequenceNumber, pcm[:])
		md.jbMu.Unlock()
	}
}

// tick runs every 20 ms on the app's shared scheduler (no timer or goroutine of its own, so hundreds of
// calls cost a few wake-ups per slot, not one each): one caller frame out of the jitter buffer (so Read
// gets real-time audio, silence included, which end-of-turn detection needs), one bot frame onto the wire.
// When no bot audio is queued nothing is sent (no comfort noise): Asterisk's bridge simply has no frame
// from us, which costs no bandwidth across hundreds of calls, and the RTP timestamp keeps advancing so
// the next packet carries the marker bit and the true gap.
func (md *media) tick(n int64, _ time.Time) {
	c := &md.clk
	// Ticks the scheduler skipped after a stall still advance the RTP clock, so the receiver sees a gap,
	// not audio that is suddenly late for the rest of the call.
	if c.last >= 0 {
		for range min(n-c.last-1, 3000) {
			c.pk.Skip()
		}
	}
	c.last = n
	// Caller -> gateway.
	md.jbMu.Lock()
	st := md.jb.Pop(c.pcm8[:])
	md.jbMu.Unlock()
	if st == rtp.JitterConcealed {
		md.m.jitterConceal.Inc()
	}
	c.inPCM = c.up.Append(c.inPCM, c.pcm8[:])
	for len(c.inPCM) >= audio.FrameSamples {
		var f audio.Frame
		copy(f[:], c.inPCM)
		c.inPCM = append(c.inPCM[:0], c.inPCM[audio.FrameSamples:]...)
		select {
		case md.in <- f:
		default: // reader is behind by a second: drop the oldest, keep real time
			select {
			case <-md.in:
			default:
			}
			select {
			case md.in <- f:
			default:
			}
		}
	}
	// Gateway -> caller.
	if n := md.flushes.Load(); n != c.flushes {
		c.flushes = n
		c.outPCM = c.outPCM[:0]
		c.down.Reset()
	}
	for len(c.outPCM) < ulawFrame {
		select {
		case f := <-md.out:
			c.outPCM = c.down.Append(c.outPCM, f[:])
			continue
		default:
		}
		break
	}
	peer := md.peer.Load()
	switch {
	case len(c.outPCM) == 0 || peer == nil:
		c.pk.Skip()
		return
	case len(c.outPCM) < ulawFrame: // end of a talk spurt: pad the tail with silence
		c.outPCM = append(c.outPCM, make([]int16, ulawFrame-len(c.outPCM))...)
	}
	audio.MulawEncode(c.payload[:], c.outPCM[:ulawFrame])
	c.outPCM = append(c.outPCM[:0], c.outPCM[ulawFrame:]...)
	var err error
	if c.pkt, err = c.pk.Append(c.pkt[:0], c.payload[:]); err != nil {
		return
	}
	if _, err := md.conn.WriteToUDP(c.pkt, peer); err == nil {
		md.played.Add(1)
		md.m.rtpPackets.WithLabelValues("out").Inc()
	}
}

// flush drops queued bot audio and returns how many 20 ms frames were dropped.
func (md *media) flush() int {
	n := 0
	for {
		select {
		case <-md.out:
			n++
			continue
		default:
		}
		break
	}
	md.flushes.Add(1)
	return n
}
