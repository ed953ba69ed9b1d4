package audio

// G.711 companding as specified by ITU-T G.711 and implemented by the ITU-T G.191 reference software:
// µ-law works on the top 14 bits of a 16-bit sample, A-law on the top 13 bits, and negative inputs are
// taken in one's complement (~x), which is what makes the results bit-exact with the reference coder.
// The decoders are 256-entry lookup tables derived once from the reference formulas.

// MulawEncode encodes min(len(dst), len(pcm)) samples of pcm into µ-law bytes.
func MulawEncode(dst []byte, pcm []int16) {
	n := min(len(dst), len(pcm))
	dst, pcm = dst[:n], pcm[:n]
	for i, x := range pcm {
		dst[i] = mulawEncodeSample(x)
	}
}

// MulawDecode decodes min(len(dst), len(src)) µ-law bytes into PCM samples.
func MulawDecode(dst []int16, src []byte) {
	n := min(len(dst), len(src))
	dst, src = dst[:n], src[:n]
	for i, b := range src {
		dst[i] = mulawTable[b]
	}
}

// AlawEncode encodes min(len(dst), len(pcm)) samples of pcm into A-law bytes.
func AlawEncode(dst []byte, pcm []int16) {
	n := min(len(dst), len(pcm))
	dst, pcm = dst[:n], pcm[:n]
	for i, x := range pcm {
		dst[i] = alawEncodeSample(x)
	}
}

// AlawDecode decodes min(len(dst), len(src)) A-law bytes into PCM samples.
func AlawDecode(dst []int16, src []byte) {
	n := min(len(dst), len(src))
	dst, src = dst[:n], src[:n]
	for i, b := range src {
		dst[i] = alawTable[b]
	}
}

func mulawEncodeSample(x int16) byte {
	var mag int32
	if x < 0 {
		mag = int32(^x) >> 2
	} else {
		mag = int32(x) >> 2
	}
	mag += 33 // bias, so every segment starts on a power of two
	if mag > 0x1FFF {
		mag = 0x1FFF
	}
	seg := int32(1)
	for i := mag >> 6; i != 0; i >>= 1 {
		seg++
	}
	hi := 8 - seg
	lo := 0xF - ((mag >> seg) & 0xF)
	out := byte(hi<<4 | lo)
	if x >= 0 {
		out |= 0x80
	}
	return out
}

func mulawDecodeSample(b byte) int16 {
	m := ^b
	exp := int32(m>>4) & 7
	mant := int32(m & 0x0F)
	step := int32(4) << (exp + 1)
	v := (0x80 << exp) + step*mant + step/2 - 4*33
	if b < 0x80 {
		v = -v
	}
	return int16(v)
}

func alawEncodeSample(x int16) byte {
	var ix int32
	if x < 0 {
		ix = int32(^x) >> 4
	} else {
		ix = int32(x) >> 4
	}
	if ix > 15 {
		exp := int32(1)
		for ix > 16+15 {
			ix >>= 1
			exp++
		}
		ix -= 16
		ix += exp << 4
	}
	if x >= 0 {
		ix |= 0x80
	}
	return byte(ix) ^ 0x55 // even bits inverted, as transmitted on the line
}

func alawDecodeSample(b byte) int16 {
	ix := int32(b^0x55) & 0x7F
	exp := ix >> 4
	mant := ix & 0x0F
	if exp > 0 {
		mant += 16
	}
	mant = mant<<4 + 8
	if exp > 1 {
		mant <<= exp - 1
	}
	if b^0x55 < 0x80 {
		mant = -mant
	}
	return int16(mant)
}

// The decode tables are immutable after initialisation; they are derived from the reference formulas above.
var (
	mulawTable = buildTable(mulawDecodeSample)
	alawTable  = buildTable(alawDecodeSample)
)

func buildTable(f func(byte) int16) (t [256]int16) {
	for i := range t {
		t[i] = f(byte(i))
	}
	return t
}
