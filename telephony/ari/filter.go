package ari

import (
	"encoding/json"
	"time"

	"github.com/CyCoreSystems/ari/v5"
)

// filterResult says what sanitizeEvent did with one websocket message.
type filterResult int

const (
	filterOK filterResult = iota
	filterNormalised
	filterDropped
)

// dateKeys are the fields whose values ari v5 parses with its one fixed date layout.
var dateKeys = map[string]bool{"timestamp": true, "creationtime": true, "startup_time": true, "last_reload_time": true}

// altDateLayouts are layouts other Asterisk-ish producers use; they are rewritten to ari.DateFormat.
var altDateLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.000-07:00", "2006-01-02T15:04:05-0700",
	"2006-01-02 15:04:05", "2006-01-02T15:04:05.000000-0700"}

// sanitizeEvent validates one raw event before anything decodes it. ari v5.3.1 panics in its own
// goroutine on event types it does not know and on dates not in its layout, so: unparsable JSON and
// unknown types are dropped (with a reason), bad dates are rewritten (parsed if possible, else "now"),
// and only what ari.DecodeEvent accepts goes through. It never panics.
func sanitizeEvent(raw []byte, now time.Time) (ari.Event, map[string]any, filterResult, string) {
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		return nil, nil, filterDropped, "malformed_json"
	}
	typ, _ := m["type"].(string)
	if typ == "" {
		return nil, m, filterDropped, "no_type"
	}
	res := filterOK
	if fixDates(m, now) {
		res = filterNormalised
	}
	clean, err := json.Marshal(m)
	if err != nil {
		return nil, m, filterDropped, "malformed_json"
	}
	ev, err := decodeSafely(clean)
	if err != nil || ev == nil {
		if !knownType(typ) {
			return nil, m, filterDropped, "unknown_type"
		}
		return nil, m, filterDropped, "decode_error"
	}
	return ev, m, res, ""
}

// decodeSafely runs the library decoder with a recover: a decoder bug must not take the process down.
func decodeSafely(b []byte) (ev ari.Event, err error) {
	defer func() {
		if r := recover(); r != nil {
			ev, err = nil, errDecodePanic
		}
	}()
	return ari.DecodeEvent(b)
}

type decodeError string

func (e decodeError) Error() string { return string(e) }

const errDecodePanic = decodeError("ari: event decoder panicked")

// knownType reports whether ari v5.3.1 has a type for this event name (probed via its decoder).
func knownType(typ string) bool {
	b, _ := json.Marshal(map[string]string{"type": typ})
	_, err := decodeSafely(b)
	return err == nil
}

// fixDates rewrites every date field in m (recursively) into ari.DateFormat and reports a change.
func fixDates(v any, now time.Time) bool {
	changed := false
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if dateKeys[k] {
				if s, ok := val.(string); ok {
					if _, err := time.Parse(ari.DateFormat, s); err == nil {
						continue
					}
					t := now
					for _, layout := range altDateLayouts {
						if p, err := time.Parse(layout, s); err == nil {
							t = p
							break
						}
					}
					x[k] = t.Format(ari.DateFormat)
					changed = true
					continue
				}
				if val != nil {
					x[k] = now.Format(ari.DateFormat)
					changed = true
					continue
				}
			}
			if fixDates(val, now) {
				changed = true
			}
		}
	case []any:
		for _, item := range x {
			if fixDates(item, now) {
				changed = true
			}
		}
	}
	return changed
}
