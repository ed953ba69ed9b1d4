package demo

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/voicegate/voicegate/dialog/actions"
	"github.com/voicegate/voicegate/dialog/kb"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// Wednesday 4 March 2026.
var fixedNow = time.Date(2026, time.March, 4, 15, 0, 0, 0, time.UTC)

func open(t *testing.T, dsn string) *Backend {
	t.Helper()
	b, err := Open(context.Background(), dsn, WithClock(func() time.Time { return fixedNow }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

func TestSeed(t *testing.T) {
	ctx := context.Background()
	b := open(t, ":memory:")
	nums, err := b.Numbers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(nums) != 50 {
		t.Fatalf("%d orders, want 50", len(nums))
	}
	statuses := map[string]int{}
	for _, n := range nums {
		if len(n) != 5 || validNumber(n) != nil {
			t.Errorf("order number %q is not 5 digits", n)
		}
		o, err := b.Order(ctx, n, "en")
		if err != nil {
			t.Fatal(err)
		}
		statuses[o.Status]++
		if len(o.Items) == 0 || o.ItemsText == "" || o.Amount == "0.00" || o.Address == "" || o.Carrier == "" || o.StatusText == "" {
			t.Errorf("incomplete order %+v", o)
		}
		if o.Status != "cancelled" && o.ETAText == "" {
			t.Errorf("order %s (%s) has no ETA", n, o.Status)
		}
		if o.Status == "delivered" && o.ETA >= fixedNow.Format(time.DateOnly) {
			t.Errorf("delivered order %s has a future delivery date %s", n, o.ETA)
		}
		if (o.Status == "shipped" || o.Status == "processing") && o.ETA <= fixedNow.Format(time.DateOnly) {
			t.Errorf("%s order %s has a past ETA %s", o.Status, n, o.ETA)
		}
	}
	for _, s := range []string{"processing", "shipped", "delivered"} {
		if statuses[s] == 0 {
			t.Errorf("no %s orders in the seed: %v", s, statuses)
		}
	}
	// Deterministic: a second database holds the same orders.
	b2 := open(t, ":memory:")
	o1, _ := b.Order(ctx, "40729", "en")
	o2, _ := b2.Order(ctx, "40729", "en")
	if !reflect.DeepEqual(o1, o2) || o1.Status != "shipped" {
		t.Errorf("seed not deterministic or 40729 not shipped: %+v vs %+v", o1, o2)
	}
}

func TestOrderTexts(t *testing.T) {
	ctx := context.Background()
	b := open(t, ":memory:")
	en, err := b.Order(ctx, "40729", "en")
	if err != nil {
		t.Fatal(err)
	}
	zh, err := b.Order(ctx, "40729", "zh-CN")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(en.ETAText, "on ") && en.ETAText != "tomorrow" {
		t.Errorf("en eta text %q", en.ETAText)
	}
	if !strings.Contains(zh.ETAText, "月") && zh.ETAText != "明天" {
		t.Errorf("zh eta text %q", zh.ETAText)
	}
	if zh.ItemsText == en.ItemsText || zh.StatusText != "发货" {
		t.Errorf("zh texts not localised: %q %q", zh.ItemsText, zh.StatusText)
	}
	if _, err := b.Order(ctx, "99999x", "en"); !errors.Is(err, ErrBadNumber) {
		t.Errorf("bad number: %v", err)
	}
	if _, err := b.Order(ctx, "00001", "en"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown: %v", err)
	}
}

func TestSpeech(t *testing.T) {
	today := time.Date(2026, time.March, 4, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		d      time.Time
		en, zh string
	}{
		{today, "today", "今天"},
		{today.AddDate(0, 0, 1), "tomorrow", "明天"},
		{today.AddDate(0, 0, -1), "yesterday", "昨天"},
		{today.AddDate(0, 0, 2), "on Friday, March 6th", "3月6日星期五"},
		{today.AddDate(0, 0, -3), "on Sunday, March 1st", "3月1日星期日"},
		{time.Date(2026, 3, 22, 0, 0, 0, 0, time.UTC), "on Sunday, March 22nd", "3月22日星期日"},
		{time.Date(2026, 3, 13, 0, 0, 0, 0, time.UTC), "on Friday, March 13th", "3月13日星期五"},
	}
	for _, c := range cases {
		if got := sayDate(c.d, today, false); got != c.en {
			t.Errorf("sayDate(%v) = %q, want %q", c.d, got, c.en)
		}
		if got := sayDate(c.d, today, true); got != c.zh {
			t.Errorf("sayDate zh(%v) = %q, want %q", c.d, got, c.zh)
		}
	}
	p := catalogue()
	if got := sayList([]string{sayItem(p[0], 1, false), sayItem(p[1], 2, false), sayItem(p[2], 1, false)}, false); got != "an espresso machine, two desk lamps and a set of bath towels" {
		t.Errorf("sayList = %q", got)
	}
	if got := sayList([]string{sayItem(p[0], 1, true), sayItem(p[1], 2, true)}, true); got != "一台意式咖啡机和两盏台灯" {
		t.Errorf("sayList zh = %q", got)
	}
}

func findStatus(t *testing.T, b *Backend, status string) string {
	t.Helper()
	nums, _ := b.Numbers(context.Background())
	for _, n := range nums {
		o, _ := b.Order(context.Background(), n, "en")
		if o.Status == status {
			return n
		}
	}
	t.Fatalf("no %s order", status)
	return ""
}

func TestHandler(t *testing.T) {
	b := open(t, ":memory:")
	srv := httptest.NewServer(b.Handler())
	t.Cleanup(srv.Close)
	processing := findStatus(t, b, "processing")
	cases := []struct {
		method, path, body string
		status             int
		want               map[string]any
	}{
		{"GET", "/api/demo/orders/40729", "", 200, map[string]any{"number": "40729", "status": "shipped"}},
		{"GET", "/api/demo/orders/40729?lang=zh", "", 200, map[string]any{"status_text": "发货"}},
		{"GET", "/api/demo/orders/11111", "", 404, map[string]any{"error": "not_found"}},
		{"GET", "/api/demo/orders/abc", "", 400, map[string]any{"error": "bad_number"}},
		{"POST", "/api/demo/orders/40729/cancel", "", 200, map[string]any{"result": "too_late", "status_text": "shipped"}},
		{"POST", "/api/demo/orders/" + processing + "/address", `{"address":"5 New Road, Fairview"}`, 200, map[string]any{"result": "updated", "address": "5 New Road, Fairview"}},
		{"POST", "/api/demo/orders/" + processing + "/address", `nope`, 400, map[string]any{"error": "bad_input"}},
		{"POST", "/api/demo/orders/" + processing + "/address", `{"address":"  "}`, 400, map[string]any{"error": "bad_input"}},
		{"POST", "/api/demo/orders/" + processing + "/cancel", "", 200, map[string]any{"result": "cancelled", "status": "cancelled"}},
		{"POST", "/api/demo/orders/" + processing + "/cancel", "", 200, map[string]any{"result": "already_cancelled"}},
		{"POST", "/api/demo/orders/" + processing + "/address", `{"address":"x"}`, 200, map[string]any{"result": "too_late"}},
		{"POST", "/api/demo/orders/22222/cancel", "", 404, map[string]any{"error": "not_found"}},
		{"DELETE", "/api/demo/orders/40729", "", 405, nil},
	}
	for _, c := range cases {
		req, _ := http.NewRequest(c.method, srv.URL+c.path, strings.NewReader(c.body))
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var got map[string]any
		json.NewDecoder(resp.Body).Decode(&got)
		resp.Body.Close()
		if resp.StatusCode != c.status {
			t.Errorf("%s %s: status %d, want %d", c.method, c.path, resp.StatusCode, c.status)
		}
		for k, v := range c.want {
			if got[k] != v {
				t.Errorf("%s %s: %s = %v, want %v", c.method, c.path, k, got[k], v)
			}
		}
	}
	resp, err := srv.Client().Get(srv.URL + "/api/demo/orders")
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Orders []struct{ Number, Status string }
	}
	json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	if len(list.Orders) != 50 {
		t.Errorf("list has %d orders", len(list.Orders))
	}
	srv.Client().CloseIdleConnections()
}

func TestPersistentFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "demo.db")
	b, err := Open(ctx, path, WithClock(func() time.Time { return fixedNow }))
	if err != nil {
		t.Fatal(err)
	}
	n := findStatus(t, b, "processing")
	if res, err := b.Cancel(ctx, n); err != nil || res != ResultCancelled {
		t.Fatalf("cancel: %v %v", res, err)
	}
	b.Close()
	b2 := open(t, path)
	o, err := b2.Order(ctx, n, "en")
	if err != nil || o.Status != "cancelled" {
		t.Fatalf("reopened database was reseeded or lost the change: %+v %v", o, err)
	}
	if nums, _ := b2.Numbers(ctx); len(nums) != 50 {
		t.Errorf("%d orders after reopen", len(nums))
	}
	if _, err := Open(ctx, filepath.Join(t.TempDir(), "missing-dir", "x.db")); !errors.Is(err, ErrStore) {
		t.Errorf("bad path: %v", err)
	}
}

// TestKBOrderStatusAction runs the demo KB's order_status action through the real runner against this
// backend, and renders the answer: the path a caller's "where is my order" takes.
func TestKBOrderStatusAction(t *testing.T) {
	b := open(t, ":memory:")
	srv := httptest.NewServer(b.Handler())
	t.Cleanup(srv.Close)
	set, err := kb.LoadDir("../../configs/kb")
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	r, err := actions.NewRunner(actions.WithBaseURL(srv.URL), actions.WithHTTPClient(&http.Client{Transport: tr}))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ lang, want string }{
		{"en", "Order 40729 with"},
		{"zh", "订单40729里的"},
	} {
		k, _ := set.Get(c.lang)
		in, ok := k.Intent("order_status")
		if !ok || in.Action == nil {
			t.Fatal("order_status has no action")
		}
		vars := map[string]string{"order_number": "40729"}
		res, err := r.Run(context.Background(), *in.Action, vars)
		if err != nil {
			t.Fatal(err)
		}
		for n, v := range k.Vars() {
			vars[n] = v
		}
		for n, v := range res.Vars {
			vars[n] = v
		}
		answer := in.Action.Cases[vars[in.Action.Switch]]
		if len(answer) == 0 {
			t.Fatalf("no case for status %q", vars[in.Action.Switch])
		}
		text, err := answer.Pick(0).Render(vars)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(text, c.want) || strings.Contains(text, "{{") {
			t.Errorf("%s answer %q", c.lang, text)
		}
		t.Logf("%s: %s", c.lang, text)
		_, err = r.Run(context.Background(), *in.Action, map[string]string{"order_number": "11111"})
		if !errors.Is(err, actions.ErrNotFound) {
			t.Errorf("unknown order: %v", err)
		}
	}
}
