package ari

import (
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/voicegate/voicegate/telephony/rtp"
)

// TestMediaDrainPeerAndSource checks the non-blocking receive path: the peer is learnt from the first
// packet when Asterisk's address was unusable, the socket is then pinned to it, and a stranger's packets
// never reach the jitter buffer (either dropped by the pinned socket or counted as wrong_source).
func TestMediaDrainPeerAndSource(t *testing.T) {
	tests := []struct {
		name     string
		knowPeer bool
	}{
		{"peer from UNICASTRTP vars", true},
		{"peer learnt from first packet", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sock, err := listenRTP("127.0.0.1", 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			md := newMedia(sock, 1, newMetrics(nil))
			defer md.close()
			ast, _ := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
			defer ast.Close()
			stranger, _ := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
			defer stranger.Close()
			aa := ast.LocalAddr().(*net.UDPAddr)
			if tc.knowPeer {
				md.setPeer(aa.IP.String(), strconv.Itoa(aa.Port))
			} else {
				md.setPeer("0.0.0.0", "0") // unusable: learn it
			}
			if got := md.connected; got != tc.knowPeer {
				t.Fatalf("connected before traffic = %v, want %v", got, tc.knowPeer)
			}
			pk := rtp.NewPacketizer(ptPCMU, ulawFrame)
			payload := make([]byte, ulawFrame)
			local := sock.LocalAddr()
			send := func(c *net.UDPConn) {
				pkt, err := pk.Append(nil, payload)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := c.WriteToUDP(pkt, local); err != nil {
					t.Fatal(err)
				}
			}
			// Loopback delivers within sendto as a rule; poll anyway so a slow machine cannot flake.
			drainUntil := func(want uint64) {
				for deadline := time.Now().Add(2 * time.Second); md.jb.Stats().Received < want && time.Now().Before(deadline); {
					md.drain()
					time.Sleep(time.Millisecond)
				}
			}
			send(ast)
			drainUntil(1)
			if !md.connected {
				t.Fatal("socket not pinned to the peer after its first packet")
			}
			if p := md.peer.Load(); p == nil || p.Port != aa.Port {
				t.Fatalf("peer = %v, want %v", p, aa)
			}
			send(stranger)
			send(ast)
			drainUntil(2)
			time.Sleep(10 * time.Millisecond)
			md.drain()
			if got := md.jb.Stats().Received; got != 2 {
				t.Errorf("jitter buffer received %d packets, want 2 (the stranger's must not count)", got)
			}
			md.drain() // nothing queued: returns at once
		})
	}
}
