package kb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"
)

// DefaultDebounce lets an editor finish writing (truncate, write, rename) before the file is read.
const DefaultDebounce = 250 * time.Millisecond

// WatchOption configures a Watcher.
type WatchOption func(*Watcher)

// WithDebounce sets how long the watcher waits after the last change before reloading.
func WithDebounce(d time.Duration) WatchOption {
	return func(w *Watcher) {
		if d > 0 {
			w.debounce = d
		}
	}
}

// WithLogger sets the logger (default: discard).
func WithLogger(l *slog.Logger) WatchOption {
	return func(w *Watcher) {
		if l != nil {
			w.log = l
		}
	}
}

// WithOnError is called with each reload error (a FileError with file and line, or errors.Join of them);
// the previous KB stays in use.
func WithOnError(fn func(error)) WatchOption {
	return func(w *Watcher) { w.onError = fn }
}

// WithOnReload subscribes fn to successful swaps (same as Subscribe).
func WithOnReload(fn func(*Set)) WatchOption {
	return func(w *Watcher) { w.subs = append(w.subs, fn) }
}

// Watcher keeps a KB directory loaded and swaps in a new Set when a file changes and validates. A file that
// fails validation keeps its previous version live.
type Watcher struct {
	dir      string
	debounce time.Duration
	log      *slog.Logger
	onError  func(error)

	cur atomic.Pointer[Set]

	mu    sync.Mutex
	subs  []func(*Set)
	files map[string]*KB // path → last good version; only touched by NewWatcher and Run's goroutine
}

// NewWatcher loads dir; the initial load must succeed.
func NewWatcher(dir string, opts ...WatchOption) (*Watcher, error) {
	w := &Watcher{dir: dir, debounce: DefaultDebounce, log: slog.New(slog.NewTextHandler(io.Discard, nil)), files: map[string]*KB{}}
	for _, o := range opts {
		o(w)
	}
	paths, err := kbFiles(dir)
	if err != nil {
		return nil, err
	}
	var errs []error
	for _, p := range paths {
		k, err := LoadFile(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		w.files[p] = k
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	s, err := w.buildSet()
	if err != nil {
		return nil, err
	}
	w.cur.Store(s)
	return w, nil
}

// Current returns the live Set; it never returns nil after NewWatcher succeeded.
func (w *Watcher) Current() *Set { return w.cur.Load() }

// Subscribe registers fn for successful swaps; the returned func unsubscribes. fn runs on the watcher's
// goroutine, so it should not block for long (the engine retrains, the recognizer rebuilds its model).
func (w *Watcher) Subscribe(fn func(*Set)) (cancel func()) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.subs = append(w.subs, fn)
	idx := len(w.subs) - 1
	return func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		if idx < len(w.subs) {
			w.subs[idx] = nil
		}
	}
}

func (w *Watcher) buildSet() (*Set, error) {
	paths := make([]string, 0, len(w.files))
	for p := range w.files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	kbs := make([]*KB, 0, len(paths))
	for _, p := range paths {
		kbs = append(kbs, w.files[p])
	}
	return NewSet(kbs...)
}

// Run watches until ctx ends; it returns nil then, or an error if watching itself fails.
func (w *Watcher) Run(ctx context.Context) error {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("kb: watch %s: %w", w.dir, err)
	}
	defer fw.Close()
	// Watch the directory, not the files: editors replace files by rename, which drops a file watch.
	if err := fw.Add(w.dir); err != nil {
		return fmt.Errorf("kb: watch %s: %w", w.dir, err)
	}
	pending := map[string]bool{}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-fw.Events:
			if !ok {
				return nil
			}
			if !isKBFile(ev.Name) || ev.Op == fsnotify.Chmod {
				continue
			}
			pending[filepath.Clean(ev.Name)] = true
			timer.Reset(w.debounce)
		case err, ok := <-fw.Errors:
			if !ok {
				return nil
			}
			w.log.Warn("kb watch error", "dir", w.dir, "err", err)
		case <-timer.C:
			w.reload(pending)
			pending = map[string]bool{}
		}
	}
}

// reload applies the changed files; all must validate for the swap to happen.
func (w *Watcher) reload(changed map[string]bool) {
	next := make(map[string]*KB, len(w.files))
	for p, k := range w.files {
		next[p] = k
	}
	var errs []error
	var names []string
	for p := range changed {
		names = append(names, filepath.Base(p))
		st, err := os.Stat(p)
		if errors.Is(err, os.ErrNotExist) {
			delete(next, p)
			w.log.Info("knowledge base file removed", "file", p)
			continue
		}
		if err == nil && st.Size() == 0 {
			// Most likely caught between truncate and write; the write's own event reloads it.
			w.log.Warn("knowledge base file is empty, keeping the previous version", "file", p)
			continue
		}
		k, err := LoadFile(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		next[p] = k
	}
	if len(errs) == 0 && len(next) == 0 {
		errs = append(errs, fmt.Errorf("%w in %s: keeping the last knowledge base", ErrNoFiles, w.dir))
	}
	prev := w.files
	if len(errs) == 0 {
		w.files = next
		s, err := w.buildSet()
		if err != nil {
			w.files = prev
			errs = append(errs, err)
		} else {
			w.cur.Store(s)
			sort.Strings(names)
			w.log.Info("knowledge base reloaded", "files", names, "languages", s.Languages())
			w.mu.Lock()
			subs := append([]func(*Set){}, w.subs...)
			w.mu.Unlock()
			for _, fn := range subs {
				if fn != nil {
					fn(s)
				}
			}
			return
		}
	}
	err := errors.Join(errs...)
	w.log.Error("knowledge base reload rejected, keeping the previous version", "err", err)
	if w.onError != nil {
		w.onError(err)
	}
}
