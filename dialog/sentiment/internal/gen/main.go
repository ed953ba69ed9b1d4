// Command gen derives the sentiment analyzer's data-driven English lexicon (lexicon_derived.go) from the
// public customer-service corpora in ../shared/data: problem reports (Banking77 failure categories,
// Bitext complaints) against requests and questions (Banking77 enquiries, other Bitext intents, CLINC150).
// Each unigram and bigram gets the smoothed log-odds of appearing in a problem report rather than a
// request; only confident ones are written, as weights — the corpora themselves are not copied.
//
//	go run ./dialog/sentiment/internal/gen            (from the repository root)
//	go generate ./dialog/sentiment/
package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/voicegate/voicegate/dialog/sentiment/internal/entok"
	"github.com/voicegate/voicegate/internal/shareddata"
)

// Banking77 categories in which the caller reports something that went wrong. Categories a caller may
// equally use to ask (card_arrival, *_fee_charged) or that report the caller's own loss
// (lost_or_stolen_*) are left out of both classes.
var bankNegative = map[string]bool{
	"card_not_working": true, "contactless_not_working": true, "virtual_card_not_working": true,
	"declined_card_payment": true, "declined_cash_withdrawal": true, "declined_transfer": true,
	"failed_transfer": true, "top_up_failed": true, "top_up_reverted": true, "reverted_card_payment?": true,
	"wrong_amount_of_cash_received": true, "card_payment_wrong_exchange_rate": true,
	"wrong_exchange_rate_for_cash_withdrawal": true, "card_swallowed": true, "pending_cash_withdrawal": true,
	"pending_top_up": true, "pending_card_payment": true, "pending_transfer": true,
	"cash_withdrawal_not_recognised": true, "card_payment_not_recognised": true,
	"direct_debit_payment_not_recognised": true, "transaction_charged_twice": true,
	"extra_charge_on_statement": true, "Refund_not_showing_up": true, "transfer_not_received_by_recipient": true,
	"balance_not_updated_after_cheque_or_cash_deposit": true, "balance_not_updated_after_bank_transfer": true,
	"unable_to_verify_identity": true,
}

var bankSkip = map[string]bool{
	"card_arrival": true, "card_payment_fee_charged": true, "transfer_fee_charged": true,
	"cash_withdrawal_charge": true, "compromised_card": true, "pin_blocked": true,
	"beneficiary_not_allowed": true, "lost_or_stolen_card": true, "lost_or_stolen_phone": true,
}

// failureWords are the words of the failure category names that name what went wrong; the other words
// of those names (card, payment, transfer, ...) are the banking topic, which a problem report elsewhere
// does not share, so grams holding them are not complaint cues.
var failureWords = map[string]bool{
	"not": true, "working": true, "declined": true, "failed": true, "wrong": true, "pending": true,
	"reverted": true, "recognised": true, "twice": true, "charged": true, "extra": true, "unable": true,
	"swallowed": true, "received": true, "updated": true, "showing": true, "after": true, "of": true,
	"on": true, "for": true, "by": true, "to": true, "up": true,
}

// extraTopic are banking nouns that are not in a category name.
var extraTopic = []string{"atm", "account", "app", "seller", "merchant", "money", "pound", "pounds", "euro",
	"euros", "dollar", "dollars", "bank", "transaction", "transactions", "funds", "cards", "payments", "transfers",
	"withdrawals", "store", "shop", "purchase", "purchased", "bought", "buy", "rate", "rates", "fee", "fees"}

func bankTopic() map[string]bool {
	t := map[string]bool{}
	for cat := range bankNegative {
		for _, w := range strings.FieldsFunc(strings.ToLower(cat), func(r rune) bool { return r == '_' || r == '?' }) {
			if !failureWords[w] {
				t[w] = true
			}
		}
	}
	for _, w := range extraTopic {
		t[w] = true
	}
	return t
}

func hasTopic(g string, topic map[string]bool) bool {
	for _, w := range strings.Fields(g) {
		if topic[w] {
			return true
		}
	}
	return false
}

// Bitext intents whose wording is neither a clear problem report nor a plain request.
var bitextSkip = map[string]bool{"review": true, "payment_issue": true, "registration_problems": true}

// docs counts in how many documents of one class each gram occurs.
type docs struct {
	n      int
	counts map[string]int
	// byCat counts per Banking77 category, to tell a general failure cue from one category's topic.
	byCat map[string]map[string]int
}

func newDocs() *docs { return &docs{counts: map[string]int{}, byCat: map[string]map[string]int{}} }

func (d *docs) add(text, cat string, r *strings.Replacer) {
	d.n++
	seen := grams(text, r)
	for g := range seen {
		d.counts[g]++
		if cat != "" {
			m := d.byCat[cat]
			if m == nil {
				m = map[string]int{}
				d.byCat[cat] = m
			}
			m[g]++
		}
	}
}

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

// grams are the distinct unigrams and bigrams of a text, without stop-word-only grams.
func grams(text string, r *strings.Replacer) map[string]struct{} {
	toks := entok.Split(strings.ToLower(text), r)
	out := map[string]struct{}{}
	for i, t := range toks {
		if t.Punct || hasDigit(t.W) {
			continue
		}
		if !entok.Stop(t.W) && len(t.W) > 1 {
			out[t.W] = struct{}{}
		}
		if i+1 < len(toks) && !toks[i+1].Punct && !hasDigit(toks[i+1].W) {
			u := toks[i+1].W
			if entok.Stop(t.W) && entok.Stop(u) && !entok.Negation(t.W) && !entok.Negation(u) {
				continue
			}
			out[t.W+" "+u] = struct{}{}
		}
	}
	return out
}

// logOdds is the smoothed log-odds ratio of a gram's document rate in class a over class b, with its
// z-score (Monroe et al. 2008, a flat prior).
func logOdds(ya, na, yb, nb int) (delta, z float64) {
	const alpha = 0.5
	pa := (float64(ya) + alpha) / (float64(na) + 2*alpha)
	pb := (float64(yb) + alpha) / (float64(nb) + 2*alpha)
	delta = math.Log(pa/(1-pa)) - math.Log(pb/(1-pb))
	v := 1/(float64(ya)+alpha) + 1/(float64(yb)+alpha)
	return delta, delta / math.Sqrt(v)
}

const (
	minNeg    = 5   // documents a complaint cue must occur in
	minSpread = 3   // Banking77 failure categories a cue must occur in (twice each)
	zKeep     = 2.5 // confidence to keep a cue
	maxWeight = 3.0 // log-odds cap
	minNeu    = 25  // documents a request cue must occur in
)

func main() {
	out := flag.String("o", "", "output Go file (default: lexicon_derived.go beside the sentiment package)")
	flag.Parse()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(*out, log); err != nil {
		log.Error("gen failed", "err", err)
		os.Exit(1)
	}
}

func run(out string, log *slog.Logger) error {
	root := shareddata.Root()
	if root == "" {
		return errors.New("shared/ folder not found beside the repository (set VOICEGATE_SHARED)")
	}
	if out == "" {
		wd, err := os.Getwd()
		if err != nil {
			return err
		}
		out = filepath.Join(wd, "lexicon_derived.go")
		if _, err := os.Stat(filepath.Join(wd, "sentiment.go")); err != nil {
			out = filepath.Join(wd, "dialog", "sentiment", "lexicon_derived.go")
		}
	}
	r := entok.Contractions()
	bankNeg, bankNeu := newDocs(), newDocs()
	bitNeg, bitNeu := newDocs(), newDocs()
	clinc := newDocs()
	if err := readCSV(filepath.Join(root, "data", "banking77", "train.csv"), func(text, cat string) {
		switch {
		case bankSkip[cat]:
		case bankNegative[cat]:
			bankNeg.add(text, cat, r)
		default:
			bankNeu.add(text, "", r)
		}
	}); err != nil {
		return err
	}
	if err := readCSV(filepath.Join(root, "data", "bitext", "train.csv"), func(text, intent string) {
		switch {
		case bitextSkip[intent]:
		case intent == "complaint":
			bitNeg.add(text, "", r)
		default:
			bitNeu.add(text, "", r)
		}
	}); err != nil {
		return err
	}
	if err := readClinc(filepath.Join(root, "data", "clinc150", "train_val.json"), func(text string) { clinc.add(text, "", r) }); err != nil {
		return err
	}
	pooledN := bankNeu.n + bitNeu.n + clinc.n
	pooled := func(g string) int { return bankNeu.counts[g] + bitNeu.counts[g] + clinc.counts[g] }
	weights := map[string]float64{}
	topic := bankTopic()
	// Complaint cues: confident within their own corpus (so a topic word both classes share drops out)
	// and against every request corpus pooled (so words of ordinary requests elsewhere drop out too).
	for _, src := range []struct {
		neg, neu *docs
		spread   bool
	}{{bankNeg, bankNeu, true}, {bitNeg, bitNeu, false}} {
		for g, y := range src.neg.counts {
			if y < minNeg {
				continue
			}
			if src.spread {
				if hasTopic(g, topic) {
					continue
				}
				cats := 0
				for _, m := range src.neg.byCat {
					if m[g] >= 2 {
						cats++
					}
				}
				if cats < minSpread {
					continue
				}
			}
			d1, z1 := logOdds(y, src.neg.n, src.neu.counts[g], src.neu.n)
			d2, z2 := logOdds(y, src.neg.n, pooled(g), pooledN)
			if z1 < zKeep || z2 < zKeep {
				continue
			}
			w := -math.Min(maxWeight, math.Min(d1, d2))
			if old, ok := weights[g]; !ok || w < old {
				weights[g] = w
			}
		}
	}
	// Request cues ("how do i", "can i"): frequent in requests everywhere and rare in problem reports.
	negN := bankNeg.n + bitNeg.n
	for _, src := range []*docs{bankNeu, bitNeu, clinc} {
		for g := range src.counts {
			if _, done := weights[g]; done || pooled(g) < minNeu {
				continue
			}
			y := bankNeg.counts[g] + bitNeg.counts[g]
			d, z := logOdds(y, negN, pooled(g), pooledN)
			if z > -3 || d > -1 {
				continue
			}
			// Within banking it must lean towards requests too, or it is a topic word of the other corpora.
			if bankNeu.counts[g] >= 5 {
				if _, zb := logOdds(bankNeg.counts[g], bankNeg.n, bankNeu.counts[g], bankNeu.n); zb > -2 {
					continue
				}
			}
			weights[g] = math.Min(maxWeight, -d)
		}
	}
	neg := 0
	for _, w := range weights {
		if w < 0 {
			neg++
		}
	}
	log.Info("derived lexicon", "complaint_cues", neg, "request_cues", len(weights)-neg,
		"bank_neg", bankNeg.n, "bank_neu", bankNeu.n, "bitext_neg", bitNeg.n, "bitext_neu", bitNeu.n, "clinc", clinc.n, "out", out)
	return write(out, weights)
}

func write(path string, weights map[string]float64) error {
	terms := make([]string, 0, len(weights))
	for t := range weights {
		terms = append(terms, t)
	}
	sort.Strings(terms)
	var b strings.Builder
	b.WriteString("// Code generated by internal/gen from ../shared/data (Banking77, Bitext, CLINC150); DO NOT EDIT.\n\n")
	b.WriteString("package sentiment\n\n")
	b.WriteString("// lexiconDerivedEN weighs English unigrams and bigrams by how much more often they occur in problem\n")
	b.WriteString("// reports than in requests (smoothed log-odds, capped): negative leans complaint, positive leans request.\n")
	b.WriteString("const lexiconDerivedEN = `\n")
	for _, t := range terms {
		fmt.Fprintf(&b, "%.2f %s\n", weights[t], t)
	}
	b.WriteString("`\n")
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func readCSV(path string, f func(text, label string)) error {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	cr := csv.NewReader(fh)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	col := len(head) - 1
	for i, h := range head {
		if h == "intent" || h == "category" && col == len(head)-1 && len(head) == 2 {
			col = i
		}
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if len(rec) > col {
			f(rec[0], rec[col])
		}
	}
}

// readClinc reads the CLINC150 training split only; its validation split stays unseen, for checking
// precision on requests.
func readClinc(path string, f func(text string)) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var d struct {
		Train [][]string `json:"train"`
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	for _, row := range d.Train {
		if len(row) > 0 {
			f(row[0])
		}
	}
	return nil
}
