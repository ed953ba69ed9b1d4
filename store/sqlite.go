package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	_ "modernc.org/sqlite" // pure-Go SQLite driver
)

// SQLite is the default Store: one file (or :memory:), records kept as JSON with indexed columns.
type SQLite struct {
	db *sql.DB
}

var _ Store = (*SQLite)(nil)

const schema = `
CREATE TABLE IF NOT EXISTS calls (
	id         TEXT PRIMARY KEY,
	channel    TEXT NOT NULL,
	started_at INTEGER NOT NULL,
	ended_at   INTEGER,
	outcome    TEXT NOT NULL DEFAULT '',
	record     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS calls_started ON calls(started_at DESC);
`

// OpenSQLite opens (creating if needed) the database at dsn: a file path, "file:…" URI, or ":memory:".
func OpenSQLite(ctx context.Context, dsn string) (*SQLite, error) {
	if dsn == "" {
		return nil, fmt.Errorf("%w: empty database path", ErrInvalid)
	}
	dsn = strings.TrimPrefix(dsn, "sqlite://")
	if dsn == ":memory:" {
		// Each pooled connection would get its own private memory database; share one.
		dsn = "file::memory:?cache=shared"
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	// WAL lets the API read while calls write; busy_timeout rides out short lock contention.
	db, err := sql.Open("sqlite", dsn+sep+"_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", dsn, err)
	}
	// One connection: SQLite takes one writer at a time anyway, and with several connections concurrent
	// writers meet SQLITE_BUSY, whose handler sleeps in a blocking system call that holds a Go scheduler P
	// (hundreds of calls saving records stalled the media clock that way). Waiting in database/sql's pool
	// parks goroutines instead.
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: create schema in %s: %w", dsn, err)
	}
	return &SQLite{db: db}, nil
}

// SaveCall implements Store.
func (s *SQLite) SaveCall(ctx context.Context, rec *CallRecord) error {
	if rec == nil || rec.ID == "" {
		return fmt.Errorf("%w: missing id", ErrInvalid)
	}
	b, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	var ended sql.NullInt64
	if rec.EndedAt != nil {
		ended = sql.NullInt64{Int64: rec.EndedAt.UnixMilli(), Valid: true}
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO calls(id, channel, started_at, ended_at, outcome, record)
		VALUES(?,?,?,?,?,?)
		ON CONFLICT(id) DO UPDATE SET channel=excluded.channel, started_at=excluded.started_at,
		ended_at=excluded.ended_at, outcome=excluded.outcome, record=excluded.record`,
		rec.ID, rec.Channel, rec.StartedAt.UnixMilli(), ended, rec.Outcome, string(b))
	if err != nil {
		return fmt.Errorf("store: save call %s: %w", rec.ID, err)
	}
	return nil
}

// GetCall implements Store.
func (s *SQLite) GetCall(ctx context.Context, id string) (*CallRecord, error) {
	var raw string
	err := s.db.QueryRowContext(ctx, `SELECT record FROM calls WHERE id = ?`, id).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: get call %s: %w", id, err)
	}
	var rec CallRecord
	if err := json.Unmarshal([]byte(raw), &rec); err != nil {
		return nil, fmt.Errorf("store: decode call %s: %w", id, err)
	}
	return &rec, nil
}

// ListCalls implements Store.
func (s *SQLite) ListCalls(ctx context.Context, limit int) ([]CallRecord, error) {
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.db.QueryContext(ctx, `SELECT record FROM calls ORDER BY started_at DESC, id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: list calls: %w", err)
	}
	defer rows.Close()
	out := []CallRecord{}
	for rows.Next() {
		var raw string
		if err := rows.Scan(&raw); err != nil {
			return nil, fmt.Errorf("store: list calls: %w", err)
		}
		var rec CallRecord
		if err := json.Unmarshal([]byte(raw), &rec); err != nil {
			return nil, fmt.Errorf("store: decode call: %w", err)
		}
		out = append(out, rec)
	}
	return out, rows.Err()
}

// Close implements Store.
func (s *SQLite) Close() error { return s.db.Close() }
