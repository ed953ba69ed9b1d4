package ari

import (
	"fmt"
	"math/rand/v2"
	"net"
	"sync"
	"sync/atomic"
	"syscall"
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
	// maxDrain bounds the datagrams one tick reads, so a flood on one socket cannot stall the other calls
	// sharing the scheduler slot; the rest wait in the socket buffer for the next tick.
	maxDrain = 16
)

// media is the RTP side of one call: one UDP socket for both directions (strict RTP on Asterisk only
// trusts the external_host address it was given), a receive jitter buffer and a 20 ms send clock.
type media struct {
	conn *net.UDPConn
	peer atomic.Pointer[net.UDPAddr]
	m    *metrics

	jb *rtp.JitterBuffer // touched only by tick

	// The socket is read without blocking from tick (no reader goroutine: one wake-up per packet per call
	// was most of the cost at a few hundred calls). recv is built once so reading allocates no closure.
	raw   syscall.RawConn
	recv  func(fd uintptr) bool
	send  func(fd uintptr) bool
	serr  error
	rbuf  [rtpReadSize]byte
	rn    int
	rfrom syscall.Sockaddr
	rerr  error
	// connected: the socket is connect()ed to the peer, so the kernel drops datagrams from anyone else
	// (the strict-source check) and reads and writes carry no address: no sockaddr allocated per packet,
	// no route lookup per send. Set before start or from tick only.
	connected bool

	in      chan audio.Frame
	out     chan audio.Frame
	flushes atomic.Int64
	played  atomic.Int64

	clk    clockState // touched only by tick, which the scheduler serialises
	stream *rtp.Stream

	once sync.Once
}

// clockState is what the 20 ms tick carries from one period to the next.
type clockState struct {
	up, down *audio.HalfBand // µ-law carries nothing above 3.4 kHz: the 2:1 half-band fast path suffices
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
	up, _ := audio.NewHalfBand(8000, audio.SampleRate)
	down, _ := audio.NewHalfBand(audio.SampleRate, 8000)
	md := &media{
		conn: conn, m: m,
		jb:  rtp.NewJitterBuffer(ulawFrame, rtp.WithDepth(jitterDepth)),
		in:  make(chan audio.Frame, inQueue),
		out: make(chan audio.Frame, outQueue),
		clk: clockState{up: up, down: down, pk: rtp.NewPacketizer(ptPCMU, ulawFrame), last: -1},
	}
	md.raw, _ = conn.SyscallConn()
	md.recv = func(fd uintptr) bool {
		// Non-blocking, and true whatever happened: never park on the poller, EAGAIN just ends the drain.
		if md.connected {
			md.rn, md.rerr = syscall.Read(int(fd), md.rbuf[:])
			md.rfrom = nil
		} else {
			md.rn, md.rfrom, md.rerr = syscall.Recvfrom(int(fd), md.rbuf[:], syscall.MSG_DONTWAIT)
		}
		return true
	}
	md.send = func(fd uintptr) bool {
		_, md.serr = syscall.Write(int(fd), md.clk.pkt)
		return true
	}
	return md
}

// setPeer records Asterisk's RTP address (UNICASTRTP_LOCAL_ADDRESS/PORT). An unusable address leaves the
// peer to be learnt from the first packet.
func (md *media) setPeer(addr, port string) {
	ua, err := net.ResolveUDPAddr("udp", net.JoinHostPort(addr, port))
	if err != nil || ua.IP.IsUnspecified() || ua.Port == 0 {
		return
	}
	md.peer.Store(ua)
	md.connect(ua)
}

// connect pins the socket to the peer (see media.connected); on failure the socket stays unconnected and
// the peer is checked per packet instead.
func (md *media) connect(ua *net.UDPAddr) {
	if md.raw == nil {
		return
	}
	var sas []syscall.Sockaddr
	if ip4 := ua.IP.To4(); ip4 != nil {
		sa := &syscall.SockaddrInet4{Port: ua.Port}
		copy(sa.Addr[:], ip4)
		sas = append(sas, sa)
	}
	sa6 := &syscall.SockaddrInet6{Port: ua.Port} // also a v4-mapped address, for a dual-stack socket
	copy(sa6.Addr[:], ua.IP.To16())
	sas = append(sas, sa6)
	for _, sa := range sas {
		var cerr error
		if err := md.raw.Control(func(fd uintptr) { cerr = syscall.Connect(int(fd), sa) }); err == nil && cerr == nil {
			md.connected = true
			return
		}
	}
}

func (md *media) start(sched *rtp.Scheduler) {
	md.stream = sched.Add(md.tick)
}

// close stops the clock and the socket; safe to call more than once.
func (md *media) close() {
	md.once.Do(func() {
		if md.stream != nil {
			md.stream.Stop() // no tick runs after this: the socket can go
		}
		_ = md.conn.Close()
	})
}

// drain moves every datagram waiting on the socket into the jitter buffer without blocking. Called from
// tick only, so the jitter buffer needs no lock.
func (md *media) drain() {
	if md.raw == nil {
		return
	}
	var pcm [ulawFrame]int16
	for range maxDrain {
		if err := md.raw.Read(md.recv); err != nil || md.rerr != nil {
			return // EAGAIN: nothing more queued (or the socket is closed)
		}
		buf := md.rbuf[:md.rn]
		if !md.connected { // else the kernel already dropped other sources
			if peer := md.peer.Load(); peer == nil {
				if ua := udpAddr(md.rfrom); ua != nil && md.peer.CompareAndSwap(nil, ua) {
					md.connect(ua)
				}
			} else if !sameAddr(peer, md.rfrom) {
				md.m.rtpDropped.WithLabelValues("wrong_source").Inc()
				continue
			}
		}
		p, err := rtp.ParseExpect(buf, ptPCMU)
		if err != nil {
			md.m.rtpDropped.WithLabelValues("bad_packet").Inc()
			continue
		}
		if len(p.Payload) != ulawFrame {
			md.m.rtpDropped.WithLabelValues("unexpected_ptime").Inc()
			continue
		}
		md.m.rtpIn.Inc()
		audio.MulawDecode(pcm[:], p.Payload)
		md.jb.Push(p.SequenceNumber, pcm[:])
	}
}

// udpAddr converts a socket address from Recvfrom (nil if it is not IP).
func udpAddr(sa syscall.Sockaddr) *net.UDPAddr {
	switch a := sa.(type) {
	case *syscall.SockaddrInet4:
		return &net.UDPAddr{IP: net.IP(a.Addr[:]).To16(), Port: a.Port}
	case *syscall.SockaddrInet6:
		return &net.UDPAddr{IP: net.IP(a.Addr[:]), Port: a.Port}
	}
	return nil
}

// sameAddr reports whether sa is addr, without allocating.
func sameAddr(addr *net.UDPAddr, sa syscall.Sockaddr) bool {
	switch a := sa.(type) {
	case *syscall.SockaddrInet4:
		return a.Port == addr.Port && addr.IP.Equal(net.IP(a.Addr[:]))
	case *syscall.SockaddrInet6:
		return a.Port == addr.Port && addr.IP.Equal(net.IP(a.Addr[:]))
	}
	return false
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
	md.drain()
	st := md.jb.Pop(c.pcm8[:])
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
	if md.connected {
		if err = md.raw.Write(md.send); err == nil {
			err = md.serr
		}
	} else {
		_, err = md.conn.WriteToUDP(c.pkt, peer)
	}
	if err == nil {
		md.played.Add(1)
		md.m.rtpOut.Inc()
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
