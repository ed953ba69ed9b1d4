package ari

import (
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
	sock *rtpSocket
	peer atomic.Pointer[net.UDPAddr]
	m    *metrics

	jb *rtp.JitterBuffer // touched only by tick

	// The socket is read without blocking from tick (no reader goroutine: one wake-up per packet per call
	// was most of the cost at a few hundred calls).
	rbuf [rtpReadSize]byte // unconnected reads (peer not yet known)
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

func newMedia(sock *rtpSocket, jitterDepth int, m *metrics) *media {
	up, _ := audio.NewHalfBand(8000, audio.SampleRate)
	down, _ := audio.NewHalfBand(audio.SampleRate, 8000)
	return &media{
		sock: sock, m: m,
		jb:  rtp.NewJitterBuffer(ulawFrame, rtp.WithDepth(jitterDepth)),
		in:  make(chan audio.Frame, inQueue),
		out: make(chan audio.Frame, outQueue),
		clk: clockState{up: up, down: down, pk: rtp.NewPacketizer(ptPCMU, ulawFrame), last: -1},
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
	md.connect(ua)
}

// connect pins the socket to the peer (see media.connected); on failure the socket stays unconnected and
// the peer is checked per packet instead.
func (md *media) connect(ua *net.UDPAddr) {
	sa, ok := sockaddr(md.sock.v6, ua.IP, ua.Port)
	if ok && md.sock.connect(sa) == nil {
		md.connected = true
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
		_ = md.sock.Close()
	})
}

// drain moves every datagram waiting on the socket into the jitter buffer without blocking. Called from
// tick only, so the jitter buffer needs no lock.
func (md *media) drain() {
	if !md.connected {
		md.drainUnconnected()
		return
	}
	for range maxDrain / rxBatch {
		n, err := md.sock.recvBatch()
		if err != nil {
			return // EAGAIN: nothing queued (or the socket is closed)
		}
		for i := range n {
			buf, err := md.sock.datagram(i)
			if err != nil {
				md.m.rtpDropped.WithLabelValues("bad_packet").Inc()
				continue
			}
			md.accept(buf)
		}
		if n < rxBatch {
			return // the queue is empty: no second system call to learn it
		}
	}
}

// drainUnconnected reads one datagram at a time with its source, until the peer is known.
func (md *media) drainUnconnected() {
	for range maxDrain {
		n, from, err := md.sock.recvFrom(md.rbuf[:])
		if err != nil {
			return
		}
		if peer := md.peer.Load(); peer == nil {
			if ua := udpAddr(from); ua != nil && md.peer.CompareAndSwap(nil, ua) {
				md.connect(ua)
			}
		} else if !sameAddr(peer, from) {
			md.m.rtpDropped.WithLabelValues("wrong_source").Inc()
			continue
		}
		md.accept(md.rbuf[:n])
		if md.connected {
			md.drain()
			return
		}
	}
}

// accept parses one RTP datagram from the peer into the jitter buffer.
func (md *media) accept(buf []byte) {
	p, err := rtp.ParseExpect(buf, ptPCMU)
	if err != nil {
		md.m.rtpDropped.WithLabelValues("bad_packet").Inc()
		return
	}
	if len(p.Payload) != ulawFrame {
		md.m.rtpDropped.WithLabelValues("unexpected_ptime").Inc()
		return
	}
	md.m.rtpIn.Inc()
	var pcm [ulawFrame]int16
	audio.MulawDecode(pcm[:], p.Payload)
	md.jb.Push(p.SequenceNumber, pcm[:])
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
		err = md.sock.send(c.pkt)
	} else {
		err = md.sock.sendTo(c.pkt, peer)
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
