package gateway

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/voicegate/voicegate/store"
)

// CallsAPI serves GET /api/calls?limit=N (newest first) and GET /api/calls/{id} from a store.
func CallsAPI(st store.Store) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/calls", func(w http.ResponseWriter, r *http.Request) {
		limit := 50
		if v := r.URL.Query().Get("limit"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 1000 {
				writeJSON(w, http.StatusBadRequest, map[string]string{"error": "limit must be a whole number from 1 to 1000"})
				return
			}
			limit = n
		}
		calls, err := st.ListCalls(r.Context(), limit)
		if err != nil {
			writeJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, calls)
	})
	mux.HandleFunc("GET /api/calls/{id}", func(w http.ResponseWriter, r *http.Request) {
		rec, err := st.GetCall(r.Context(), r.PathValue("id"))
		if errors.Is(err, store.ErrNotFound) {
			writeJSON(w, http.StatusNotFound, map[string]string{"error": "no call with id " + r.PathValue("id")})
			return
		}
		if err != nil {
			writeJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, rec)
	})
	return mux
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}
