package demo

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

// Handler serves the demo API:
//
//	GET  /api/demo/orders                   → {"orders":[{"number","status"}…]}
//	GET  /api/demo/orders/{number}[?lang=zh] → Order, or 404 {"error":"not_found"}
//	POST /api/demo/orders/{number}/address  {"address":"…"} → {"result":"updated"|"too_late","status","status_text"}
//	POST /api/demo/orders/{number}/cancel   → {"result":"cancelled"|"already_cancelled"|"too_late",…}
func (b *Backend) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/demo/orders", b.list)
	mux.HandleFunc("GET /api/demo/orders/{number}", b.get)
	mux.HandleFunc("POST /api/demo/orders/{number}/address", b.address)
	mux.HandleFunc("POST /api/demo/orders/{number}/cancel", b.cancel)
	return mux
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeErr(w http.ResponseWriter, err error, number string) {
	switch {
	case errors.Is(err, ErrNotFound):
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "not_found", "number": number})
	case errors.Is(err, ErrBadNumber):
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "bad_number", "number": number})
	case errors.Is(err, ErrBadInput):
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "bad_input", "message": err.Error()})
	default:
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "internal"})
	}
}

func (b *Backend) list(w http.ResponseWriter, r *http.Request) {
	nums, err := b.Numbers(r.Context())
	if err != nil {
		writeErr(w, err, "")
		return
	}
	type entry struct {
		Number string `json:"number"`
		Status string `json:"status"`
	}
	out := make([]entry, 0, len(nums))
	for _, n := range nums {
		o, err := b.Order(r.Context(), n, "en")
		if err != nil {
			writeErr(w, err, n)
			return
		}
		out = append(out, entry{n, o.Status})
	}
	writeJSON(w, http.StatusOK, map[string]any{"orders": out})
}

func (b *Backend) get(w http.ResponseWriter, r *http.Request) {
	n := r.PathValue("number")
	o, err := b.Order(r.Context(), n, r.URL.Query().Get("lang"))
	if err != nil {
		writeErr(w, err, n)
		return
	}
	writeJSON(w, http.StatusOK, o)
}

func (b *Backend) respondUpdate(w http.ResponseWriter, r *http.Request, n, result string, err error) {
	if err != nil {
		writeErr(w, err, n)
		return
	}
	o, err := b.Order(r.Context(), n, r.URL.Query().Get("lang"))
	if err != nil {
		writeErr(w, err, n)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"result": result, "number": n, "status": o.Status, "status_text": o.StatusText, "address": o.Address})
}

func (b *Backend) address(w http.ResponseWriter, r *http.Request) {
	n := r.PathValue("number")
	var body struct {
		Address string `json:"address"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 4096)).Decode(&body); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "bad_input", "message": "body must be {\"address\": \"…\"}"})
		return
	}
	res, err := b.ChangeAddress(r.Context(), n, body.Address)
	b.respondUpdate(w, r, n, res, err)
}

func (b *Backend) cancel(w http.ResponseWriter, r *http.Request) {
	n := r.PathValue("number")
	res, err := b.Cancel(r.Context(), n)
	b.respondUpdate(w, r, n, res, err)
}
