package rtp

import (
	"context"
	"errors"
	"testing"
	"time"

	pionrtp "github.com/pion/rtp"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestPacketizerRoundTrip(t *testing.T) {
	p := NewPacketizer(0, 160, WithSSRC(0xdeadbeef), WithInitialSequence(65534), WithInitialTimestamp(4294967200))
	payload := make([]byte, 160)
	var got []Packet
	for i := range 4 {
		if i == 2 {
			p.Skip() // a silent period: new talk spurt
		}
		payload[0] = byte(i)
		b, err := p.Append(nil, payload)
		if err != nil {
			t.Fatal(err)
		}
		pk, err := ParseExpect(b, 0)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, pk)
	}
	wantSeq := []uint16{65534, 65535, 0, 1}
	wantTS := []uint32{4294967200, 64, 384, 544} // +160 (wraps), +160 skipped +160, +160
	wantMarker := []bool{true, false, true, false}
	for i, pk := range got {
		if pk.SequenceNumber != wantSeq[i] || pk.Timestamp != wantTS[i] || pk.Marker != wantMarker[i] {
			t.Errorf("packet %d: seq %d ts %d marker %v; want %d %d %v", i, pk.SequenceNumber, pk.Timestamp,
				pk.Marker, wantSeq[i], wantTS[i], wantMarker[i])
		}
		if pk.SSRC != 0xdeadbeef || pk.PayloadType != 0 || pk.Payload[0] != byte(i) || len(pk.Payload) != 160 {
			t.Errorf("packet %d: bad ssrc/pt/payload %+v", i, pk)
		}
	}
	if p.Sent() != 4 {
		t.Errorf("Sent = %d", p.Sent())
	}
}

func TestPacketizerRandomSSRC(t *testing.T) {
	a, b := NewPacketizer(0, 160), NewPacketizer(0, 160)
	if a.SSRC() == b.SSRC() {
		t.Errorf("two streams share SSRC %d", a.SSRC())
	}
	if _, err := a.Append(nil, nil); !errors.Is(err, ErrPayloadSize) {
		t.Errorf("empty payload: %v", err)
	}
}

func TestParseErrors(t *testing.T) {
	good, _ := NewPacketizer(8, 160).Append(nil, []byte{1, 2, 3})
	tests := []struct {
		name string
		b    []byte
		want error
	}{
		{"short", []byte{0x80, 0}, ErrMalformed},
		{"version1", append([]byte{0x40}, good[1:]...), ErrVersion},
		{"no payload", good[:HeaderSize], ErrPayloadSize},
		{"csrc count beyond data", append([]byte{0x8f}, good[1:]...), ErrMalformed},
		{"wrong pt", good, ErrPayloadType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ParseExpect(tt.b, 0); !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	good, _ := NewPacketizer(0, 160).Append(nil, make([]byte, 160))
	f.Add(good)
	f.Add([]byte{0x90, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xbe, 0xde, 0, 1, 0x10, 0xff, 0, 0, 1})
	f.Add([]byte{0xa0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 5, 0, 0, 3})
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Parse(b)
		if err != nil {
			return
		}
		if len(p.Payload) == 0 || len(p.Payload) > MaxPayload {
			t.Fatalf("accepted payload of %d bytes", len(p.Payload))
		}
		// Whatever we accept, pion must re-marshal to a packet that parses to the same header.
		out, err := (&pionrtp.Packet{Header: pionrtp.Header{Version: 2, PayloadType: p.PayloadType,
			SequenceNumber: p.SequenceNumber, Timestamp: p.Timestamp, SSRC: p.SSRC, Marker: p.Marker},
			Payload: p.Payload}).Marshal()
		if err != nil {
			t.Fatal(err)
		}
		q, err := Parse(out)
		if err != nil || q.SequenceNumber != p.SequenceNumber || q.SSRC != p.SSRC || string(q.Payload) != string(p.Payload) {
			t.Fatalf("re-parse mismatch: %v %+v %+v", err, p, q)
		}
	})
}

func frame(v int16) []int16 {
	f := make([]int16, 4)
	for i := range f {
		f[i] = v
	}
	return f
}

// play pops n frames and returns the first sample of each (0 for silence) and the statuses.
func play(j *JitterBuffer, n int) ([]int16, []JitterStatus) {
	var vals []int16
	var sts []JitterStatus
	dst := make([]int16, 4)
	for range n {
		sts = append(sts, j.Pop(dst))
		vals = append(vals, dst[0])
	}
	return vals, sts
}

func TestJitterBuffer(t *testing.T) {
	const P, C, E = JitterPacket, JitterConcealed, JitterEmpty
	tests := []struct {
		name      string
		seqs      []uint16
		pops      int
		wantVals  []int16
		wantSts   []JitterStatus
		wantStats JitterStats
	}{
		{"in order", []uint16{10, 11, 12, 13}, 5,
			[]int16{10, 11, 12, 13, 7}, []JitterStatus{P, P, P, P, C},
			JitterStats{Received: 4, Played: 4, Concealed: 1}},
		{"reordered", []uint16{12, 10, 11, 13}, 4,
			[]int16{10, 11, 12, 13}, []JitterStatus{P, P, P, P},
			JitterStats{Received: 4, Played: 4}},
		{"duplicates", []uint16{10, 10, 11, 11, 12}, 3,
			[]int16{10, 11, 12}, []JitterStatus{P, P, P},
			JitterStats{Received: 3, Duplicates: 2, Played: 3}},
		{"loss concealed with fade", []uint16{10, 11, 13, 14}, 5,
			[]int16{10, 11, 6, 13, 14}, []JitterStatus{P, P, C, P, P},
			JitterStats{Received: 4, Played: 4, Concealed: 1}},
		{"wrap around", []uint16{65534, 65535, 0, 1}, 4,
			[]int16{-2, -1, 0, 1}, []JitterStatus{P, P, P, P},
			JitterStats{Received: 4, Played: 4}},
		{"prefill", []uint16{10, 11}, 2,
			[]int16{0, 0}, []JitterStatus{E, E},
			JitterStats{Received: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := NewJitterBuffer(4, WithDepth(3))
			for _, s := range tt.seqs {
				j.Push(s, frame(int16(s)))
			}
			vals, sts := play(j, tt.pops)
			for i := range vals {
				if vals[i] != tt.wantVals[i] || sts[i] != tt.wantSts[i] {
					t.Fatalf("pops = %v %v, want %v %v", vals, sts, tt.wantVals, tt.wantSts)
				}
			}
			if got := j.Stats(); got != tt.wantStats {
				t.Errorf("stats = %+v, want %+v", got, tt.wantStats)
			}
		})
	}
}

func TestJitterBufferLateAndSilence(t *testing.T) {
	j := NewJitterBuffer(4, WithDepth(1), WithMaxConceal(2))
	j.Push(100, frame(100))
	vals, sts := play(j, 5)
	want := []JitterStatus{JitterPacket, JitterConcealed, JitterConcealed, JitterEmpty, JitterEmpty}
	for i := range sts {
		if sts[i] != want[i] {
			t.Fatalf("statuses %v, want %v (vals %v)", sts, want, vals)
		}
	}
	if vals[1] >= vals[0] || vals[2] >= vals[1] || vals[3] != 0 {
		t.Errorf("concealment must fade then go silent: %v", vals)
	}
	j.Push(101, frame(101)) // slot already concealed, but the buffer re-prefilled: restart from here
	vals, sts = play(j, 1)
	if sts[0] != JitterPacket || vals[0] != 101 {
		t.Errorf("after pause got %v %v", sts, vals)
	}
	j.Push(101, frame(101))
	if j.Stats().Late != 1 {
		t.Errorf("late packet not counted: %+v", j.Stats())
	}
}

func TestJitterBufferOverflow(t *testing.T) {
	j := NewJitterBuffer(4, WithDepth(2), WithCapacity(4))
	for s := uint16(0); s < 10; s++ {
		j.Push(s, frame(int16(s)))
	}
	if j.Len() != 4 || j.Stats().Overflow != 6 {
		t.Fatalf("len %d stats %+v", j.Len(), j.Stats())
	}
	vals, _ := play(j, 4)
	for i, v := range vals {
		if v != int16(6+i) {
			t.Fatalf("after overflow played %v, want 6..9", vals)
		}
	}
}

func TestPacerNoDrift(t *testing.T) {
	const period = 2 * time.Millisecond
	start := time.Now()
	p := NewPacer(start, period)
	defer p.Stop()
	ctx := context.Background()
	for i := range 300 {
		n, err := p.Wait(ctx)
		if err != nil || n != int64(i) {
			t.Fatalf("tick %d: n=%d err=%v", i, n, err)
		}
		if i%7 == 0 {
			time.Sleep(period * 3 / 2) // a slow frame: the schedule must absorb it, not shift
		}
	}
	// 300 ticks end at tick 299's due time; a relative sleep would have drifted by at least 43*1ms.
	elapsed := time.Since(start)
	want := 299 * period
	if elapsed < want || elapsed > want+15*time.Millisecond {
		t.Errorf("300 ticks took %v, want about %v", elapsed, want)
	}
	if p.Skipped() != 0 {
		t.Errorf("skipped %d ticks", p.Skipped())
	}
}

func TestPacerSkipsAfterStall(t *testing.T) {
	p := NewPacer(time.Now().Add(-time.Second), 20*time.Millisecond, WithMaxLag(100*time.Millisecond))
	defer p.Stop()
	n, err := p.Wait(context.Background())
	if err != nil || n < 49 || p.Skipped() < 49 {
		t.Fatalf("n=%d skipped=%d err=%v", n, p.Skipped(), err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p2 := NewPacer(time.Now().Add(time.Hour), time.Millisecond)
	if _, err := p2.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled wait: %v", err)
	}
	p2.Stop()
}
