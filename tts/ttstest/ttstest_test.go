package ttstest_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/voicegate/voicegate/tts"
	"github.com/voicegate/voicegate/tts/ttstest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestFakeConforms(t *testing.T) {
	ttstest.Conformance{}.Run(t, ttstest.New())
	ttstest.Conformance{Lang: "zh", Sentence: "您好，欢迎致电客服中心。"}.Run(t, ttstest.New())
}

func TestFakeIsDeterministicPerWord(t *testing.T) {
	s := ttstest.New(ttstest.WithChunkSamples(100))
	r, err := ttstest.Collect(context.Background(), s, tts.Request{Text: "press one", Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.PCM, ttstest.Render("press one")) || r.Chunks != (len(r.PCM)+99)/100 {
		t.Fatalf("got %d samples in %d chunks", len(r.PCM), r.Chunks)
	}
	if want := 2 * (ttstest.SampleRate*ttstest.DefaultWordMs/1000 + ttstest.SampleRate*ttstest.DefaultGapMs/1000); len(r.PCM) != want {
		t.Fatalf("%d samples, want %d", len(r.PCM), want)
	}
	if ttstest.WordFrequency("press") == ttstest.WordFrequency("one") && ttstest.WordFrequency("one") == ttstest.WordFrequency("two") {
		t.Fatal("word frequencies do not depend on the word")
	}
	if got := ttstest.Words("订单 order#42 已发货"); !slices.Equal(got, []string{"订", "单", "order", "42", "已", "发", "货"}) {
		t.Fatalf("Words = %q", got)
	}
	if reqs := s.Requests(); len(reqs) != 1 || reqs[0].Text != "press one" || s.Calls() != 1 {
		t.Fatalf("requests = %+v", reqs)
	}
}

func TestFakeFirstChunkDelayAndError(t *testing.T) {
	s := ttstest.New(ttstest.WithFirstChunkDelay(40 * time.Millisecond))
	r, err := ttstest.Collect(context.Background(), s, tts.Request{Text: "hello"})
	if err != nil || r.FirstChunk < 40*time.Millisecond {
		t.Fatalf("first chunk after %v, err %v", r.FirstChunk, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	if _, err := ttstest.Collect(ctx, s, tts.Request{Text: "hello"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("cancel during first-chunk delay: %v", err)
	}
	boom := errors.New("down")
	if _, err := ttstest.Collect(context.Background(), ttstest.New(ttstest.WithError(boom)), tts.Request{Text: "x"}); !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
}
