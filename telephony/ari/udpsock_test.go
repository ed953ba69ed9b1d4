package ari

import (
	"errors"
	"net"
	"syscall"
	"testing"
	"time"
)

func TestRTPSocket(t *testing.T) {
	tests := []struct {
		name, host string
		peer       string
	}{
		{"ipv4", "127.0.0.1", "127.0.0.1"},
		{"ipv6", "::1", "::1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := listenRTP(tc.host, 0, 0)
			if err != nil {
				t.Skipf("no %s loopback here: %v", tc.name, err)
			}
			defer s.Close()
			peer, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.ParseIP(tc.peer)})
			if err != nil {
				t.Fatal(err)
			}
			defer peer.Close()
			pa := peer.LocalAddr().(*net.UDPAddr)
			// Before connecting: send with an address, read with the source.
			if err := s.sendTo([]byte("hello"), pa); err != nil {
				t.Fatal(err)
			}
			buf := make([]byte, 64)
			_ = peer.SetReadDeadline(time.Now().Add(2 * time.Second))
			n, from, err := peer.ReadFromUDP(buf)
			if err != nil || string(buf[:n]) != "hello" || from.Port != s.LocalAddr().Port {
				t.Fatalf("peer read %q from %v: %v", buf[:n], from, err)
			}
			if _, err := s.recvBatch(); !errors.Is(err, syscall.EAGAIN) {
				t.Fatalf("empty socket: %v, want EAGAIN", err)
			}
			md := &media{sock: s}
			md.connect(pa)
			if !md.connected {
				t.Fatal("connect failed")
			}
			for _, p := range []string{"one", "two", "three", "four", "five"} {
				if _, err := peer.WriteToUDP([]byte(p), s.LocalAddr()); err != nil {
					t.Fatal(err)
				}
			}
			big := make([]byte, rxSlot+10)
			if _, err := peer.WriteToUDP(big, s.LocalAddr()); err != nil {
				t.Fatal(err)
			}
			var got []string
			truncated := 0
			for deadline := time.Now().Add(2 * time.Second); len(got)+truncated < 6 && time.Now().Before(deadline); {
				n, err := s.recvBatch()
				if err != nil {
					time.Sleep(time.Millisecond)
					continue
				}
				for i := range n {
					d, err := s.datagram(i)
					if errors.Is(err, errTruncated) {
						truncated++
						continue
					}
					got = append(got, string(d))
				}
			}
			if len(got) != 5 || got[0] != "one" || got[4] != "five" || truncated != 1 {
				t.Fatalf("got %q, %d truncated", got, truncated)
			}
			if err := s.send([]byte("bye")); err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Fatalf("second close: %v", err)
			}
		})
	}
}

func TestListenRTPErrors(t *testing.T) {
	if _, err := listenRTP("not-an-ip", 0, 0); !errors.Is(err, ErrConfig) {
		t.Errorf("bad host: %v", err)
	}
	s, err := listenRTP("127.0.0.1", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	port := s.LocalAddr().Port
	if _, err := listenRTP("127.0.0.1", port, port); !errors.Is(err, ErrNoRTPPort) {
		t.Errorf("full range: %v", err)
	}
}
