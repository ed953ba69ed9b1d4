package bwe

import (
	"os"
	"testing"

	"github.com/voicegate/voicegate/audio"
)

func TestDumpExp(t *testing.T) {
	in := os.Getenv("BWEIN")
	if in == "" {
		t.Skip()
	}
	pcm, err := audio.LoadWAV16k(in)
	if err != nil {
		t.Fatal(err)
	}
	e, _ := New(WithMode(Always))
	y := append(e.Process(pcm), e.Flush()...)
	_ = audio.WriteWAVFile(os.Getenv("BWEOUT"), y, 16000)
}
