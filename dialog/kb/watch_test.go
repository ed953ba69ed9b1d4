package kb

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestWatcher(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "en.yaml", minimal)
	write(t, dir, "zh.yaml", strings.Replace(minimal, "language: en", "language: zh", 1))

	errs := make(chan error, 10)
	swaps := make(chan *Set, 10)
	w, err := NewWatcher(dir, WithDebounce(40*time.Millisecond), WithOnError(func(err error) { errs <- err }))
	if err != nil {
		t.Fatal(err)
	}
	unsub := w.Subscribe(func(s *Set) { swaps <- s })
	first := w.Current()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	// Let fsnotify register the directory before the first write.
	time.Sleep(100 * time.Millisecond)

	waitSwap := func() *Set {
		t.Helper()
		select {
		case s := <-swaps:
			return s
		case err := <-errs:
			t.Fatalf("unexpected reload error: %v", err)
		case <-time.After(5 * time.Second):
			t.Fatal("no reload")
		}
		return nil
	}
	waitErr := func() error {
		t.Helper()
		select {
		case err := <-errs:
			return err
		case <-swaps:
			t.Fatal("an invalid file was swapped in")
		case <-time.After(5 * time.Second):
			t.Fatal("no error reported")
		}
		return nil
	}

	// A valid edit swaps; several quick writes are one reload.
	writeAtomic(t, dir, "en.yaml", strings.Replace(minimal, "greeting: Hi", "greeting: Hi there", 1))
	writeAtomic(t, dir, "en.yaml", strings.Replace(minimal, "greeting: Hi", "greeting: Hello there", 1))
	s := waitSwap()
	if s != w.Current() || s == first {
		t.Fatal("Current did not change")
	}
	en, _ := s.Get("en")
	if got := en.Prompts.Greeting.Pick(0).String(); got != "Hello there" {
		t.Errorf("greeting %q", got)
	}
	if zh, _ := s.Get("zh"); zh == nil {
		t.Error("zh lost on en reload")
	}

	// An invalid edit keeps the old KB and reports file and line.
	writeAtomic(t, dir, "en.yaml", minimal+"    exampels: [x]\n")
	err = waitErr()
	if !errors.Is(err, ErrUnknownKey) || !strings.Contains(err.Error(), "en.yaml:15") {
		t.Errorf("error %v", err)
	}
	if w.Current() != s {
		t.Error("invalid file replaced the live KB")
	}

	// A file claiming another file's language is refused too.
	writeAtomic(t, dir, "more.yaml", minimal)
	if err := waitErr(); !errors.Is(err, ErrDuplicateLang) {
		t.Errorf("duplicate language: %v", err)
	}

	// Fixing the files swaps again; removing one drops its language. Non-KB files are ignored.
	writeAtomic(t, dir, "notes.txt", "not yaml: [")
	removeFile(t, dir, "more.yaml")
	writeAtomic(t, dir, "en.yaml", minimal)
	s = waitSwap()
	if en, _ := s.Get("en"); en.Prompts.Greeting.Pick(0).String() != "Hi" {
		t.Error("fixed file not loaded")
	}
	removeFile(t, dir, "zh.yaml")
	s = waitSwap()
	if got := s.Languages(); len(got) != 1 || got[0] != "en" {
		t.Errorf("languages after removal %v", got)
	}

	unsub()
	writeAtomic(t, dir, "en.yaml", strings.Replace(minimal, "greeting: Hi", "greeting: Yo", 1))
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		if en, _ := w.Current().Get("en"); en.Prompts.Greeting.Pick(0).String() == "Yo" {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	select {
	case <-swaps:
		t.Error("unsubscribed callback still called")
	default:
	}
}

func TestWatcherInitialError(t *testing.T) {
	dir := t.TempDir()
	writeAtomic(t, dir, "en.yaml", minimal+"bogus: 1\n")
	if _, err := NewWatcher(dir); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("err %v", err)
	}
	if _, err := NewWatcher(t.TempDir()); !errors.Is(err, ErrNoFiles) {
		t.Errorf("empty dir: %v", err)
	}
}

func TestWatcherDemoDir(t *testing.T) {
	w, err := NewWatcher(demoDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Current().Languages()) != 2 {
		t.Error("demo dir")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := w.Run(ctx); err != nil {
		t.Error(err)
	}
}

// writeAtomic replaces a file by rename, as editors do, so the watcher never sees half a file.
func writeAtomic(t *testing.T, dir, name, data string) {
	t.Helper()
	tmp := filepath.Join(dir, "."+name+".tmp")
	if err := os.WriteFile(tmp, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		t.Fatal(err)
	}
}

func removeFile(t *testing.T, dir, name string) {
	t.Helper()
	if err := os.Remove(filepath.Join(dir, name)); err != nil {
		t.Fatal(err)
	}
}
