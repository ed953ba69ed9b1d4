// Package demo is the demo order backend the demo knowledge base's actions call: a seeded SQLite database
// (pure Go, modernc.org/sqlite) of fifty orders behind a small JSON API. `voicegate serve` mounts its
// handler in demo mode so order_status, delivery_time, change_address, cancel_order and refund_request
// answer with real data.
package demo

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Order is one order as the API returns it; text fields are ready to be spoken.
type Order struct {
	Number         string `json:"number"`
	Customer       string `json:"customer"`
	Status         string `json:"status"`
	StatusText     string `json:"status_text"`
	Items          []Item `json:"items"`
	ItemsText      string `json:"items_text"`
	Carrier        string `json:"carrier"`
	Tracking       string `json:"tracking"`
	OrderedOn      string `json:"ordered_on"`
	OrderedText    string `json:"ordered_text"`
	ETA            string `json:"eta"`
	ETAText        string `json:"eta_text"`
	DaysSinceOrder int    `json:"days_since_order"`
	Amount         string `json:"amount"`
	Currency       string `json:"currency"`
	Address        string `json:"address"`
	Refundable     bool   `json:"refundable"`
}

// Item is one order line.
type Item struct {
	Name  string `json:"name"`
	Qty   int    `json:"qty"`
	Price string `json:"price"`
}

// Option configures a Backend.
type Option func(*Backend)

// WithClock sets the clock dates are resolved against (tests pin it).
func WithClock(now func() time.Time) Option {
	return func(b *Backend) {
		if now != nil {
			b.now = now
		}
	}
}

// WithRefundWindow sets the days within which an order counts as refundable (default 30).
func WithRefundWindow(days int) Option { return func(b *Backend) { b.refundDays = days } }

// Backend is the demo order store.
type Backend struct {
	db         *sql.DB
	now        func() time.Time
	refundDays int
}

const schema = `
CREATE TABLE IF NOT EXISTS orders (
	number           TEXT PRIMARY KEY,
	customer         TEXT NOT NULL,
	status           TEXT NOT NULL,
	carrier          TEXT NOT NULL,
	tracking         TEXT NOT NULL,
	address          TEXT NOT NULL,
	ordered_days_ago INTEGER NOT NULL,
	eta_offset_days  INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS order_items (
	order_number TEXT NOT NULL REFERENCES orders(number),
	pos          INTEGER NOT NULL,
	product      INTEGER NOT NULL,
	qty          INTEGER NOT NULL,
	PRIMARY KEY (order_number, pos)
);`

// Open opens (or creates) the database at dsn (a modernc.org/sqlite DSN: a file path, or ":memory:") and
// seeds it when it has no orders.
func Open(ctx context.Context, dsn string, opts ...Option) (*Backend, error) {
	b := &Backend{now: time.Now, refundDays: 30}
	for _, o := range opts {
		o(b)
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("%w: open %s: %w", ErrStore, dsn, err)
	}
	// One connection: ":memory:" is per connection, and the demo's write rate needs no more.
	db.SetMaxOpenConns(1)
	b.db = db
	if err := b.init(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return b, nil
}

func (b *Backend) init(ctx context.Context) error {
	if _, err := b.db.ExecContext(ctx, schema); err != nil {
		return fmt.Errorf("%w: schema: %w", ErrStore, err)
	}
	var n int
	if err := b.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM orders`).Scan(&n); err != nil {
		return fmt.Errorf("%w: count: %w", ErrStore, err)
	}
	if n > 0 {
		return nil
	}
	tx, err := b.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%w: seed: %w", ErrStore, err)
	}
	defer tx.Rollback()
	for _, o := range seedOrders() {
		if _, err := tx.ExecContext(ctx, `INSERT INTO orders VALUES (?,?,?,?,?,?,?,?)`,
			o.number, o.customer, o.status, o.carrier, o.tracking, o.address, o.orderedDaysAgo, o.etaOffset); err != nil {
			return fmt.Errorf("%w: seed order %s: %w", ErrStore, o.number, err)
		}
		for i, it := range o.items {
			if _, err := tx.ExecContext(ctx, `INSERT INTO order_items VALUES (?,?,?,?)`, o.number, i, it.product, it.qty); err != nil {
				return fmt.Errorf("%w: seed item: %w", ErrStore, err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%w: seed commit: %w", ErrStore, err)
	}
	return nil
}

// Close closes the database.
func (b *Backend) Close() error { return b.db.Close() }

func validNumber(n string) error {
	if n == "" || len(n) > 12 {
		return fmt.Errorf("%w: %q", ErrBadNumber, n)
	}
	for _, r := range n {
		if r < '0' || r > '9' {
			return fmt.Errorf("%w: %q", ErrBadNumber, n)
		}
	}
	return nil
}

// Numbers lists the order numbers, sorted.
func (b *Backend) Numbers(ctx context.Context) ([]string, error) {
	rows, err := b.db.QueryContext(ctx, `SELECT number FROM orders ORDER BY number`)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrStore, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrStore, err)
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrStore, err)
	}
	return out, nil
}

// Order returns an order with its texts in lang ("en" or "zh").
func (b *Backend) Order(ctx context.Context, number, lang string) (Order, error) {
	if err := validNumber(number); err != nil {
		return Order{}, err
	}
	var o Order
	var ago, eta int
	err := b.db.QueryRowContext(ctx, `SELECT number, customer, status, carrier, tracking, address, ordered_days_ago, eta_offset_days
		FROM orders WHERE number = ?`, number).Scan(&o.Number, &o.Customer, &o.Status, &o.Carrier, &o.Tracking, &o.Address, &ago, &eta)
	if errors.Is(err, sql.ErrNoRows) {
		return Order{}, fmt.Errorf("%w: %s", ErrNotFound, number)
	}
	if err != nil {
		return Order{}, fmt.Errorf("%w: %w", ErrStore, err)
	}
	rows, err := b.db.QueryContext(ctx, `SELECT product, qty FROM order_items WHERE order_number = ? ORDER BY pos`, number)
	if err != nil {
		return Order{}, fmt.Errorf("%w: %w", ErrStore, err)
	}
	defer rows.Close()
	cat := catalogue()
	zh := isZh(lang)
	var total int64
	var said []string
	for rows.Next() {
		var p, qty int
		if err := rows.Scan(&p, &qty); err != nil {
			return Order{}, fmt.Errorf("%w: %w", ErrStore, err)
		}
		if p < 0 || p >= len(cat) {
			return Order{}, fmt.Errorf("%w: order %s has unknown product %d", ErrStore, number, p)
		}
		pr := cat[p]
		total += pr.cents * int64(qty)
		name := strings.TrimPrefix(strings.TrimPrefix(pr.en, "a "), "an ")
		if zh {
			name = pr.zh
		}
		o.Items = append(o.Items, Item{Name: name, Qty: qty, Price: cents(pr.cents)})
		said = append(said, sayItem(pr, qty, zh))
	}
	if err := rows.Err(); err != nil {
		return Order{}, fmt.Errorf("%w: %w", ErrStore, err)
	}
	now := b.now()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	ordered := today.AddDate(0, 0, -ago)
	o.OrderedOn = ordered.Format(time.DateOnly)
	o.OrderedText = sayDate(ordered, today, zh)
	o.DaysSinceOrder = ago
	if o.Status != "cancelled" {
		d := today.AddDate(0, 0, eta)
		o.ETA = d.Format(time.DateOnly)
		o.ETAText = sayDate(d, today, zh)
	}
	o.Amount = cents(total)
	o.Currency = "USD"
	o.ItemsText = sayList(said, zh)
	o.StatusText = statusText(o.Status, zh)
	o.Refundable = ago <= b.refundDays && o.Status != "cancelled" && o.Status != "returned"
	return o, nil
}

// Update results.
const (
	ResultUpdated          = "updated"
	ResultCancelled        = "cancelled"
	ResultAlreadyCancelled = "already_cancelled"
	ResultTooLate          = "too_late"
)

// ChangeAddress changes the address of an order that has not shipped yet; otherwise it reports too_late.
func (b *Backend) ChangeAddress(ctx context.Context, number, address string) (string, error) {
	address = strings.TrimSpace(address)
	if address == "" || len(address) > 300 {
		return "", fmt.Errorf("%w: address must be 1 to 300 characters", ErrBadInput)
	}
	return b.update(ctx, number, func(status string) (string, string) {
		if status != "processing" {
			return ResultTooLate, ""
		}
		return ResultUpdated, `UPDATE orders SET address = ? WHERE number = ?`
	}, address)
}

// Cancel cancels an order that has not shipped yet.
func (b *Backend) Cancel(ctx context.Context, number string) (string, error) {
	return b.update(ctx, number, func(status string) (string, string) {
		switch status {
		case "processing":
			return ResultCancelled, `UPDATE orders SET status = 'cancelled' WHERE number = ?`
		case "cancelled":
			return ResultAlreadyCancelled, ""
		}
		return ResultTooLate, ""
	})
}

func (b *Backend) update(ctx context.Context, number string, decide func(status string) (string, string), args ...any) (string, error) {
	if err := validNumber(number); err != nil {
		return "", err
	}
	tx, err := b.db.BeginTx(ctx, nil)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrStore, err)
	}
	defer tx.Rollback()
	var status string
	err = tx.QueryRowContext(ctx, `SELECT status FROM orders WHERE number = ?`, number).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("%w: %s", ErrNotFound, number)
	}
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrStore, err)
	}
	result, stmt := decide(status)
	if stmt != "" {
		if _, err := tx.ExecContext(ctx, stmt, append(args, number)...); err != nil {
			return "", fmt.Errorf("%w: %w", ErrStore, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return "", fmt.Errorf("%w: %w", ErrStore, err)
	}
	return result, nil
}

func cents(c int64) string { return fmt.Sprintf("%d.%02d", c/100, c%100) }

func isZh(lang string) bool { return strings.HasPrefix(strings.ToLower(lang), "zh") }
