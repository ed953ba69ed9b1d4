package ari

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"sync"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// rtpSocket is one call's UDP socket. The media clock polls it without blocking, so it is deliberately
// kept out of Go's network poller: nothing ever waits on it, and a registered socket makes every
// arriving packet raise an epoll event and wake the poller thread (one wake-up per packet per call, and
// on loopback the sender pays for it). Reads take every queued datagram with one recvmmsg.
type rtpSocket struct {
	fd    int
	v6    bool // AF_INET6 (IPv4 peers as v4-mapped addresses)
	local *net.UDPAddr
	once  sync.Once

	// recvmmsg state, set up once: rxBatch datagram slots (larger datagrams are truncated and reported).
	hdrs [rxBatch]unix.Mmsghdr
	iovs [rxBatch]unix.Iovec
	bufs [rxBatch][rxSlot]byte
}

const (
	rxBatch = 4   // datagrams per recvmmsg: a tick normally finds one
	rxSlot  = 512 // bytes per datagram slot: a 20 ms µ-law packet is 172
)

// errTruncated reports a datagram longer than rxSlot.
var errTruncated = errors.New("ari: RTP datagram larger than the receive slot")

// listenRTP binds a UDP socket on host within [lo, hi] (any port when both are 0).
func listenRTP(host string, lo, hi int) (*rtpSocket, error) {
	ip := net.ParseIP(host)
	if host != "" && ip == nil {
		return nil, fmt.Errorf("%w: RTP host %q is not an IP address", ErrConfig, host)
	}
	if lo == 0 && hi == 0 {
		return bindRTP(ip, 0)
	}
	n := hi - lo + 1
	start := rand.IntN(n)
	var last error
	for i := range n {
		s, err := bindRTP(ip, lo+(start+i)%n)
		if err == nil {
			return s, nil
		}
		last = err
		if !errors.Is(err, syscall.EADDRINUSE) && !errors.Is(err, syscall.EACCES) {
			break
		}
	}
	return nil, fmt.Errorf("%w: %s:%d-%d: %w", ErrNoRTPPort, host, lo, hi, last)
}

func bindRTP(ip net.IP, port int) (*rtpSocket, error) {
	v6 := ip != nil && ip.To4() == nil
	family := syscall.AF_INET
	if v6 {
		family = syscall.AF_INET6
	}
	if ip == nil {
		ip = net.IPv4zero
	}
	sa, _ := sockaddr(v6, ip, port)
	fd, err := syscall.Socket(family, syscall.SOCK_DGRAM|syscall.SOCK_NONBLOCK|syscall.SOCK_CLOEXEC, syscall.IPPROTO_UDP)
	if err != nil {
		return nil, fmt.Errorf("ari: RTP socket: %w", err)
	}
	_ = syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_RCVBUF, 256<<10)
	if err := syscall.Bind(fd, sa); err != nil {
		syscall.Close(fd)
		return nil, fmt.Errorf("ari: bind RTP port %d: %w", port, err)
	}
	got, err := syscall.Getsockname(fd)
	if err != nil {
		syscall.Close(fd)
		return nil, fmt.Errorf("ari: RTP socket address: %w", err)
	}
	s := &rtpSocket{fd: fd, v6: v6, local: udpAddr(got)}
	for i := range s.hdrs {
		s.iovs[i].Base = &s.bufs[i][0]
		s.iovs[i].SetLen(rxSlot)
		s.hdrs[i].Hdr.Iov = &s.iovs[i]
		s.hdrs[i].Hdr.SetIovlen(1)
	}
	return s, nil
}

// LocalAddr is the address Asterisk is told to send to (external_host).
func (s *rtpSocket) LocalAddr() *net.UDPAddr { return s.local }

// Close frees the socket; the media clock must have stopped using it. Safe to call more than once.
func (s *rtpSocket) Close() error {
	var err error
	s.once.Do(func() { err = syscall.Close(s.fd) })
	return err
}

// recvBatch takes up to rxBatch queued datagrams without blocking (connected socket: no source
// addresses). It returns how many; datagram i is datagram(i). EAGAIN means none.
func (s *rtpSocket) recvBatch() (int, error) {
	for i := range s.hdrs {
		s.hdrs[i].Len = 0
		s.hdrs[i].Hdr.Flags = 0
	}
	n, _, errno := unix.Syscall6(unix.SYS_RECVMMSG, uintptr(s.fd), uintptr(unsafe.Pointer(&s.hdrs[0])),
		rxBatch, unix.MSG_DONTWAIT, 0, 0)
	if errno != 0 {
		return 0, errno
	}
	return int(n), nil
}

// datagram is the i-th datagram of the last recvBatch.
func (s *rtpSocket) datagram(i int) ([]byte, error) {
	if s.hdrs[i].Hdr.Flags&unix.MSG_TRUNC != 0 {
		return nil, errTruncated
	}
	return s.bufs[i][:s.hdrs[i].Len], nil
}

// recvFrom takes one datagram and its source without blocking (before the peer is known).
func (s *rtpSocket) recvFrom(buf []byte) (int, syscall.Sockaddr, error) {
	return syscall.Recvfrom(s.fd, buf, syscall.MSG_DONTWAIT)
}

// connect pins the socket to the peer: the kernel then drops datagrams from anyone else.
func (s *rtpSocket) connect(sa syscall.Sockaddr) error { return syscall.Connect(s.fd, sa) }

// send writes one datagram to the connected peer.
func (s *rtpSocket) send(pkt []byte) error {
	_, err := syscall.Write(s.fd, pkt)
	return err
}

// sendTo writes one datagram to addr (before the socket is connected).
func (s *rtpSocket) sendTo(pkt []byte, addr *net.UDPAddr) error {
	sa, ok := sockaddr(s.v6, addr.IP, addr.Port)
	if !ok {
		return fmt.Errorf("ari: IPv6 peer %v on an IPv4 RTP socket", addr)
	}
	return syscall.Sendto(s.fd, pkt, 0, sa)
}

// sockaddr is ip:port for a socket of the given family: IPv4 peers on an IPv6 socket become v4-mapped
// addresses; an IPv6 address cannot be reached from an IPv4 socket (ok false).
func sockaddr(v6 bool, ip net.IP, port int) (sa syscall.Sockaddr, ok bool) {
	if v6 {
		a := &syscall.SockaddrInet6{Port: port}
		copy(a.Addr[:], ip.To16())
		return a, true
	}
	ip4 := ip.To4()
	if ip4 == nil {
		return nil, false
	}
	a := &syscall.SockaddrInet4{Port: port}
	copy(a.Addr[:], ip4)
	return a, true
}
