package rtp

// JitterStatus says where a frame popped from a JitterBuffer came from.
type JitterStatus int

const (
	// JitterEmpty means nothing to play: prefilling, or silence after a long gap. The frame is silence.
	JitterEmpty JitterStatus = iota
	// JitterPacket means the frame is a received packet, in order.
	JitterPacket
	// JitterConcealed means the packet was missing and the frame repeats the last one, faded.
	JitterConcealed
)

// JitterStats counts what the buffer did.
type JitterStats struct {
	Received   uint64 // packets accepted
	Duplicates uint64 // packets dropped because already buffered or played
	Late       uint64 // packets dropped because their slot was already played
	Overflow   uint64 // packets dropped because the buffer was full (sender faster than us)
	Concealed  uint64 // frames synthesised for missing packets
	Played     uint64 // frames from real packets
}

// JitterBuffer reorders fixed-size PCM frames by RTP sequence number and plays one frame per Pop, which
// the caller invokes on its own 20 ms clock. It waits for Depth frames before starting (absorbing that
// much network jitter), conceals a missing packet by repeating the previous frame at decreasing gain, and
// after MaxConceal consecutive losses goes silent and re-prefills. Not safe for concurrent use.
type JitterBuffer struct {
	depth      int
	capacity   int
	maxConceal int
	samples    int

	slots   [][]int16 // ring indexed by extended seq % capacity
	present []bool
	count   int

	started bool
	next    int64 // extended seq of the next frame to play
	highest int64 // highest extended seq seen
	haveSeq bool
	lastSeq uint16
	cycles  int64
	last    []int16
	gain    float64
	lossRun int
	stats   JitterStats
}

// JitterOption tunes a JitterBuffer.
type JitterOption func(*JitterBuffer)

// WithDepth sets the prefill depth in frames (default 3 = 60 ms at 20 ms per frame).
func WithDepth(n int) JitterOption { return func(j *JitterBuffer) { j.depth = max(1, n) } }

// WithCapacity sets the most frames held before the oldest are dropped (default 50 = 1 s).
func WithCapacity(n int) JitterOption { return func(j *JitterBuffer) { j.capacity = max(2, n) } }

// WithMaxConceal sets how many consecutive missing frames are concealed before going silent (default 5).
func WithMaxConceal(n int) JitterOption { return func(j *JitterBuffer) { j.maxConceal = max(0, n) } }

// NewJitterBuffer returns a buffer for frames of samplesPerFrame samples.
func NewJitterBuffer(samplesPerFrame int, opts ...JitterOption) *JitterBuffer {
	j := &JitterBuffer{depth: 3, capacity: 50, maxConceal: 5, samples: samplesPerFrame}
	for _, o := range opts {
		o(j)
	}
	if j.capacity <= j.depth {
		j.capacity = j.depth + 1
	}
	j.slots = make([][]int16, j.capacity)
	for i := range j.slots {
		j.slots[i] = make([]int16, samplesPerFrame)
	}
	j.present = make([]bool, j.capacity)
	j.last = make([]int16, samplesPerFrame)
	return j
}

// Stats returns the counters so far.
func (j *JitterBuffer) Stats() JitterStats { return j.stats }

// Len returns how many frames are buffered.
func (j *JitterBuffer) Len() int { return j.count }

// extend maps a 16-bit sequence number onto a monotonic 64-bit one, tolerating wrap-around and reordering.
func (j *JitterBuffer) extend(seq uint16) int64 {
	if !j.haveSeq {
		j.haveSeq = true
		j.lastSeq = seq
		return int64(seq)
	}
	diff := int16(seq - j.lastSeq)
	ext := j.cycles + int64(j.lastSeq) + int64(diff)
	if diff > 0 {
		if seq < j.lastSeq {
			j.cycles += 1 << 16
		}
		j.lastSeq = seq
	}
	return ext
}

// Push stores one frame (pcm is copied; a shorter frame is padded with silence).
func (j *JitterBuffer) Push(seq uint16, pcm []int16) {
	ext := j.extend(seq)
	if j.started && ext < j.next {
		j.stats.Late++
		return
	}
	if j.count > 0 && ext <= j.highest-int64(j.capacity) {
		j.stats.Late++
		return
	}
	// Make room: a frame too far ahead pushes the playout point forward, dropping the oldest frames.
	for j.count > 0 && ext-j.lowest() >= int64(j.capacity) {
		j.dropOldest()
	}
	i := int(uint64(ext) % uint64(j.capacity))
	if j.present[i] {
		j.stats.Duplicates++
		return
	}
	n := copy(j.slots[i], pcm)
	clear(j.slots[i][n:])
	j.present[i] = true
	j.count++
	j.stats.Received++
	if j.count == 1 || ext > j.highest {
		j.highest = ext
	}
}

// lowest returns the smallest buffered extended sequence number (count > 0).
func (j *JitterBuffer) lowest() int64 {
	// Only the last capacity sequence numbers can be in the ring; older indices alias newer frames.
	start := j.highest - int64(j.capacity) + 1
	if j.started && j.next > start {
		start = j.next
	}
	for s := start; s <= j.highest; s++ {
		if j.present[int(uint64(s)%uint64(j.capacity))] {
			return s
		}
	}
	return j.highest
}

func (j *JitterBuffer) dropOldest() {
	s := j.lowest()
	i := int(uint64(s) % uint64(j.capacity))
	j.present[i] = false
	j.count--
	j.stats.Overflow++
	if j.started && j.next <= s {
		j.next = s + 1
	}
}

// Pop writes the next frame to play into dst (len >= samplesPerFrame) and says what it is.
func (j *JitterBuffer) Pop(dst []int16) JitterStatus {
	dst = dst[:j.samples]
	if !j.started {
		if j.count < j.depth {
			clear(dst)
			return JitterEmpty
		}
		j.next = j.lowest()
		j.started = true
	}
	i := int(uint64(j.next) % uint64(j.capacity))
	if j.present[i] {
		copy(dst, j.slots[i])
		copy(j.last, dst)
		j.present[i] = false
		j.count--
		j.next++
		j.gain = 1
		j.lossRun = 0
		j.stats.Played++
		return JitterPacket
	}
	// Missing. If nothing at all is buffered the stream paused (or we underran): conceal briefly, then
	// go silent and prefill again so playout restarts cleanly when packets return.
	if j.lossRun >= j.maxConceal {
		clear(dst)
		if j.count == 0 {
			j.started = false
		} else {
			j.next++
		}
		return JitterEmpty
	}
	j.lossRun++
	j.gain *= 0.6
	for k, s := range j.last {
		dst[k] = int16(float64(s) * j.gain)
	}
	copy(j.last, dst)
	// The slot is spent either way: a packet arriving for it later is dropped as late, which keeps
	// playout latency bounded.
	j.next++
	j.stats.Concealed++
	return JitterConcealed
}
