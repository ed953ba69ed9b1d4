package webrtc

import (
	"errors"
	"testing"
)

func TestParseTelephoneEvent(t *testing.T) {
	tests := []struct {
		name  string
		in    []byte
		want  TelephoneEvent
		digit rune
		isKey bool
		err   error
	}{
		{"digit 5 start", []byte{5, 10, 0, 0}, TelephoneEvent{Event: 5, Volume: 10}, '5', true, nil},
		{"star end", []byte{10, 0x80 | 7, 0x03, 0x20}, TelephoneEvent{Event: 10, End: true, Volume: 7, Duration: 800}, '*', true, nil},
		{"pound", []byte{11, 0x3f, 0xff, 0xff}, TelephoneEvent{Event: 11, Volume: 63, Duration: 65535}, '#', true, nil},
		{"D", []byte{15, 0, 0, 1}, TelephoneEvent{Event: 15, Duration: 1}, 'D', true, nil},
		{"reserved bit ignored", []byte{1, 0x40 | 5, 0, 2}, TelephoneEvent{Event: 1, Volume: 5, Duration: 2}, '1', true, nil},
		{"flash is not a key", []byte{16, 0, 0, 0}, TelephoneEvent{Event: 16}, 0, false, nil},
		{"trailing bytes ignored", []byte{0, 0, 0, 0, 9, 9}, TelephoneEvent{}, '0', true, nil},
		{"short", []byte{1, 2, 3}, TelephoneEvent{}, 0, false, ErrShortEvent},
		{"empty", nil, TelephoneEvent{}, 0, false, ErrShortEvent},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseTelephoneEvent(tc.in)
			if !errors.Is(err, tc.err) {
				t.Fatalf("err %v, want %v", err, tc.err)
			}
			if got != tc.want {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
			d, ok := got.Digit()
			if err == nil && (d != tc.digit || ok != tc.isKey) {
				t.Errorf("digit %q %v, want %q %v", d, ok, tc.digit, tc.isKey)
			}
		})
	}
}

func TestDTMFDetector(t *testing.T) {
	// Two presses of 1 (start, updates, triple end) then 9; a repeat of the same timestamp is one press.
	type pkt struct {
		ts uint32
		ev TelephoneEvent
	}
	seq := []pkt{
		{100, TelephoneEvent{Event: 1}}, {100, TelephoneEvent{Event: 1, Duration: 400}},
		{100, TelephoneEvent{Event: 1, End: true, Duration: 800}}, {100, TelephoneEvent{Event: 1, End: true, Duration: 800}},
		{100, TelephoneEvent{Event: 1, End: true, Duration: 800}},
		{5000, TelephoneEvent{Event: 16}},                          // flash: not a key, does not reset
		{9000, TelephoneEvent{Event: 1, End: true, Duration: 800}}, // start lost: end alone still counts
		{9000, TelephoneEvent{Event: 1, End: true, Duration: 800}},
		{12000, TelephoneEvent{Event: 9}},
	}
	var d dtmfDetector
	var got []rune
	for _, p := range seq {
		if k, ok := d.push(p.ts, p.ev); ok {
			got = append(got, k)
		}
	}
	if string(got) != "119" {
		t.Fatalf("got %q, want \"119\"", string(got))
	}
}

func TestKeypadMessage(t *testing.T) {
	tests := map[string]string{
		`{"digit":"5"}`:  "5",
		`{"digit":"#*"}`: "#*",
		`12ab`:           "12AB",
		`{"digit":"x"}`:  "",
		`{"other":1}`:    "",
		"":               "",
	}
	for in, want := range tests {
		if got := string(parseKeypadMessage([]byte(in))); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}

func FuzzParseTelephoneEvent(f *testing.F) {
	f.Add([]byte{5, 10, 0, 0})
	f.Add([]byte{11, 0xbf, 0xff, 0xff})
	f.Add([]byte{1})
	f.Fuzz(func(t *testing.T, b []byte) {
		ev, err := ParseTelephoneEvent(b)
		if err != nil {
			if len(b) >= 4 {
				t.Fatalf("error on %d bytes: %v", len(b), err)
			}
			return
		}
		// Round trip: the reserved bit is dropped, everything else survives.
		back := ev.Marshal()
		want := []byte{b[0], b[1] &^ 0x40, b[2], b[3]}
		if string(back) != string(want) {
			t.Fatalf("round trip %x -> %x", want, back)
		}
		if d, ok := ev.Digit(); ok != (b[0] < 16) || (ok && d == 0) {
			t.Fatalf("digit %q %v for event %d", d, ok, b[0])
		}
	})
}
