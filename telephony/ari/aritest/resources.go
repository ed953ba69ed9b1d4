package aritest

import (
	"fmt"
	"net"
	"slices"
	"strings"
	"time"
)

type channel struct {
	id, name, state string
	protocolID      string
	callerName      string
	callerNumber    string
	context, exten  string
	priority        int64
	appName         string
	appData         string
	created         time.Time
	vars            map[string]string
	app             string // Stasis app while in Stasis, "" otherwise
	ariCreated      bool
	bridge          string
	media           *mediaEndpoint // ExternalMedia channels only
	call            *Call          // simulated callers only
	gone            bool
}

type bridge struct {
	id, typ, name string
	created       time.Time
	channels      []string
}

func (c *channel) json() map[string]any {
	return map[string]any{
		"id": c.id, "name": c.name, "state": c.state, "protocol_id": c.protocolID,
		"caller":      map[string]any{"name": c.callerName, "number": c.callerNumber},
		"connected":   map[string]any{"name": "", "number": ""},
		"accountcode": "",
		"dialplan": map[string]any{"context": c.context, "exten": c.exten, "priority": c.priority,
			"app_name": c.appName, "app_data": c.appData},
		"creationtime": c.created.Format(DateFormat),
		"language":     "en",
	}
}

func (c *channel) closeMedia() {
	if c.media != nil {
		c.media.close()
	}
}

func (b *bridge) json() map[string]any {
	tech := "simple_bridge"
	if len(b.channels) > 2 {
		tech = "softmix"
	}
	return map[string]any{
		"id": b.id, "technology": tech, "bridge_type": "mixing", "bridge_class": "stasis", "creator": "Stasis",
		"name": b.name, "channels": slices.Clone(b.channels), "creationtime": b.created.Format(DateFormat),
		"video_mode": "none",
	}
}

var bridgeAttrs = []string{"mixing", "holding", "dtmf_events", "proxy_media", "video_sfu", "video_single", "sdp_label"}

var knownFormats = []string{"ulaw", "alaw", "slin", "slin12", "slin16", "slin24", "slin32", "slin44", "slin48",
	"slin96", "slin192", "g722", "g729", "gsm", "opus", "speex", "ilbc", "g726", "lpc10", "adpcm"}

// dispatch runs one validated operation against the simulated state.
func (s *Server) dispatch(op *Operation, a Args) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.notifyLocked()
	switch op.Resource + "." + op.Nickname {
	case "asterisk.ping":
		return result{status: 200, body: map[string]any{"asterisk_id": s.entityID, "ping": "pong", "timestamp": s.now()}}
	case "asterisk.getInfo":
		return result{status: 200, body: map[string]any{
			"system": map[string]any{"version": "22.10.1", "entity_id": s.entityID},
			"status": map[string]any{"startup_time": s.startedAt.Format(DateFormat), "last_reload_time": s.startedAt.Format(DateFormat)},
		}}
	case "applications.list":
		var list []any
		for name := range s.apps {
			list = append(list, s.applicationJSON(name))
		}
		return result{status: 200, body: list}
	case "applications.get":
		if s.apps[a.Str("applicationName")] == nil {
			return errResult(404, "Application not found")
		}
		return result{status: 200, body: s.applicationJSON(a.Str("applicationName"))}
	case "channels.list":
		list := []any{}
		for _, c := range s.channels {
			list = append(list, c.json())
		}
		return result{status: 200, body: list}
	case "channels.get":
		c := s.channels[a.Str("channelId")]
		if c == nil {
			return errResult(404, "Channel not found")
		}
		return result{status: 200, body: c.json()}
	case "channels.answer":
		return s.answer(a)
	case "channels.hangup":
		return s.hangupREST(a)
	case "channels.continueInDialplan":
		return s.continueInDialplan(a)
	case "channels.getChannelVar":
		c := s.channels[a.Str("channelId")]
		if c == nil {
			return errResult(404, "Channel or variable not found")
		}
		v, ok := c.vars[a.Str("variable")]
		if !ok {
			return errResult(404, "Provided variable was not found")
		}
		return result{status: 200, body: map[string]any{"value": v}}
	case "channels.setChannelVar":
		c, res, ok := s.stasisChannel(a.Str("channelId"))
		if !ok {
			return res
		}
		name, value := a.Str("variable"), a.Str("value")
		c.vars[name] = value
		s.emitLocked(c.app, "ChannelVarset", map[string]any{"variable": name, "value": value, "channel": c.json()})
		return result{status: 204}
	case "channels.externalMedia":
		return s.externalMedia(a)
	case "bridges.list":
		list := []any{}
		for _, b := range s.bridges {
			list = append(list, b.json())
		}
		return result{status: 200, body: list}
	case "bridges.get":
		b := s.bridges[a.Str("bridgeId")]
		if b == nil {
			return errResult(404, "Bridge not found")
		}
		return result{status: 200, body: b.json()}
	case "bridges.create", "bridges.createWithId":
		id := a.Str("bridgeId")
		if id == "" {
			id = fmt.Sprintf("sim-bridge-%d", s.seq)
			s.seq++
		}
		if s.bridges[id] != nil {
			return errResult(409, "Bridge with the same bridgeId already exists")
		}
		for _, attr := range strings.Split(a.Str("type"), ",") {
			if attr != "" && !slices.Contains(bridgeAttrs, attr) {
				s.violate("bridges.create", "unknown bridge type attribute %q", attr)
				return errResult(400, "Invalid bridge type")
			}
		}
		b := &bridge{id: id, typ: a.Str("type"), name: a.Str("name"), created: time.Now()}
		s.bridges[id] = b
		return result{status: 200, body: b.json()} // no BridgeCreated: bridges are not subscribed at creation
	case "bridges.addChannel":
		return s.addChannel(a)
	case "bridges.removeChannel":
		b := s.bridges[a.Str("bridgeId")]
		if b == nil {
			return errResult(404, "Bridge not found")
		}
		for _, id := range a.Strs("channel") {
			c := s.channels[id]
			if c == nil {
				return errResult(400, "Channel not found")
			}
			if c.bridge != b.id {
				return errResult(422, "Channel not in this bridge")
			}
			s.leaveBridgeLocked(c)
		}
		return result{status: 204}
	case "bridges.destroy":
		b := s.bridges[a.Str("bridgeId")]
		if b == nil {
			return errResult(404, "Bridge not found")
		}
		for _, id := range slices.Clone(b.channels) {
			s.leaveBridgeLocked(s.channels[id])
		}
		delete(s.bridges, b.id)
		return result{status: 204}
	}
	s.violate(op.Resource+"."+op.Nickname, "operation not implemented by the simulator")
	return errResult(501, "Not implemented")
}

func (s *Server) applicationJSON(name string) map[string]any {
	var chans []any
	for id, c := range s.channels {
		if c.app == name {
			chans = append(chans, "channel:"+id)
		}
	}
	return map[string]any{"name": name, "channel_ids": chans, "bridge_ids": []any{}, "endpoint_ids": []any{},
		"device_names": []any{}, "events_allowed": []any{}, "events_disallowed": []any{}}
}

// stasisChannel finds a channel that must be under Stasis control (find_control in resource_channels.c).
func (s *Server) stasisChannel(id string) (*channel, result, bool) {
	c := s.channels[id]
	if c == nil {
		return nil, errResult(404, "Channel not found"), false
	}
	if c.app == "" {
		return nil, errResult(409, "Channel not in Stasis application"), false
	}
	return c, result{}, true
}

func (s *Server) answer(a Args) result {
	c, res, ok := s.stasisChannel(a.Str("channelId"))
	if !ok {
		return res
	}
	if c.state != "Up" {
		c.state = "Up"
		s.emitLocked(c.app, "ChannelStateChange", map[string]any{"channel": c.json()})
	}
	return result{status: 204}
}

// leaveBridgeLocked takes c out of its bridge with a ChannelLeftBridge event.
func (s *Server) leaveBridgeLocked(c *channel) {
	b := s.bridges[c.bridge]
	c.bridge = ""
	if b == nil {
		return
	}
	b.channels = slices.DeleteFunc(b.channels, func(id string) bool { return id == c.id })
	s.unlinkLocked(c)
	if c.app != "" {
		s.emitLocked(c.app, "ChannelLeftBridge", map[string]any{"bridge": b.json(), "channel": c.json()})
	}
}

// endStasisLocked ends Stasis control of c (StasisEnd; the subscription goes with it).
func (s *Server) endStasisLocked(c *channel) {
	if c.bridge != "" {
		s.leaveBridgeLocked(c)
	}
	if c.app != "" {
		app := c.app
		c.app = ""
		s.emitLocked(app, "StasisEnd", map[string]any{"channel": c.json()})
		if c.ariCreated {
			// ARI-created channels stay subscribed at creation, so their destruction is reported too.
			s.emitLocked(app, "ChannelDestroyed", map[string]any{"cause": 16, "cause_txt": "Normal Clearing", "channel": c.json()})
		}
	}
	if c.call != nil {
		c.call.endLocked()
	}
}

// hangupLocked hangs c up: HangupRequest, LeftBridge, StasisEnd (+ChannelDestroyed for ARI-created legs).
func (s *Server) hangupLocked(c *channel, cause int, soft bool) {
	if c.gone {
		return
	}
	c.gone = true
	if c.app != "" {
		f := map[string]any{"cause": cause, "channel": c.json()}
		if soft {
			f["soft"] = true
		}
		s.emitLocked(c.app, "ChannelHangupRequest", f)
	}
	s.endStasisLocked(c)
	c.closeMedia()
	delete(s.channels, c.id)
}

var hangupCauses = map[string]int{"normal": 16, "busy": 17, "congestion": 34, "no_answer": 19, "timeout": 19,
	"rejected": 21, "unallocated": 1, "normal_unspecified": 31, "number_incomplete": 28, "codec_mismatch": 58,
	"interworking": 127, "failure": 27, "answered_elsewhere": 26}

func (s *Server) hangupREST(a Args) result {
	c := s.channels[a.Str("channelId")]
	if c == nil {
		return errResult(404, "Channel not found")
	}
	if a.Has("reason") && a.Has("reason_code") {
		return errResult(400, "The reason and reason_code can't both be specified")
	}
	cause := 16
	if r := a.Str("reason"); r != "" {
		cause = hangupCauses[r]
	}
	s.hangupLocked(c, cause, true)
	return result{status: 204}
}

func (s *Server) continueInDialplan(a Args) result {
	c, res, ok := s.stasisChannel(a.Str("channelId"))
	if !ok {
		return res
	}
	if c.state != "Up" && c.state != "Ring" {
		return errResult(412, "Channel in invalid state")
	}
	// Absent (or zero/empty, which is how ari v5 sends "absent") values keep the current location.
	if v := a.Str("context"); v != "" {
		c.context = v
	}
	if v := a.Str("extension"); v != "" {
		c.exten = v
	}
	if p, ok := a.Int("priority"); ok && p > 0 {
		c.priority = p
	} else {
		c.priority++
	}
	c.appName, c.appData = "", ""
	if c.call != nil {
		c.call.continued = &Continued{Context: c.context, Extension: c.exten, Priority: c.priority}
	}
	s.endStasisLocked(c)
	return result{status: 204}
}

func (s *Server) addChannel(a Args) result {
	b := s.bridges[a.Str("bridgeId")]
	if b == nil {
		return errResult(404, "Bridge not found")
	}
	var added []*channel
	for _, id := range a.Strs("channel") {
		c := s.channels[id]
		if c == nil {
			return errResult(400, "Channel not found")
		}
		if c.app == "" {
			return errResult(422, "Channel not in Stasis application")
		}
		added = append(added, c)
	}
	for _, c := range added {
		if c.bridge == b.id {
			continue
		}
		if c.bridge != "" {
			s.leaveBridgeLocked(c)
		}
		c.bridge = b.id
		b.channels = append(b.channels, c.id)
		s.emitLocked(c.app, "ChannelEnteredBridge", map[string]any{"bridge": b.json(), "channel": c.json()})
	}
	s.relinkLocked(b)
	return result{status: 204}
}

func (s *Server) externalMedia(a Args) result {
	app := a.Str("app")
	if app == "" {
		return errResult(400, "app cannot be empty")
	}
	enc, transport, ctype := a.Str("encapsulation"), a.Str("transport"), a.Str("connection_type")
	enc, transport, ctype = cmp(enc, "rtp"), cmp(transport, "udp"), cmp(ctype, "client")
	if (enc == "rtp" && transport != "udp") || (enc == "audiosocket" && transport != "tcp") ||
		(enc == "none" && transport != "websocket") || (ctype == "server" && transport != "websocket") {
		return errResult(400, "Invalid encapsulation/transport/connection_type combination")
	}
	if enc != "rtp" {
		s.violate("channels.externalMedia", "simulator only implements RTP external media (got %s/%s)", enc, transport)
		return errResult(501, "Not implemented")
	}
	format := a.Str("format")
	if !slices.Contains(knownFormats, format) {
		return errResult(400, "format is not recognized")
	}
	host, port, err := hostPort(a.Str("external_host"))
	if err != nil {
		return errResult(400, "external_host must be host:port")
	}
	id := a.Str("channelId")
	if id == "" {
		id = s.nextID()
	}
	if s.channels[id] != nil {
		return errResult(409, "Channel with given unique ID already exists")
	}
	dst, err := net.ResolveUDPAddr("udp", net.JoinHostPort(host, fmt.Sprint(port)))
	if err != nil {
		return errResult(400, "external_host does not resolve")
	}
	m, err := newMediaEndpoint(s, dst, format)
	if err != nil {
		return errResult(500, "Could not allocate RTP instance")
	}
	c := &channel{
		id: id, name: fmt.Sprintf("UnicastRTP/%s-0x%x", a.Str("external_host"), s.seq+0x7f3a2c00a5e0),
		state: "Down", context: "default", exten: "s", priority: 1, created: time.Now(),
		vars: map[string]string{}, ariCreated: true, media: m,
	}
	local := m.conn.LocalAddr().(*net.UDPAddr)
	c.vars["UNICASTRTP_LOCAL_ADDRESS"] = local.IP.String()
	c.vars["UNICASTRTP_LOCAL_PORT"] = fmt.Sprint(local.Port)
	if vars, ok := a["variables"].(map[string]any); ok {
		for k, v := range vars {
			c.vars[k] = fmt.Sprint(v)
		}
	}
	m.ch = c
	s.channels[id] = c
	body := c.json()
	body["channelvars"] = map[string]any{"UNICASTRTP_LOCAL_ADDRESS": c.vars["UNICASTRTP_LOCAL_ADDRESS"],
		"UNICASTRTP_LOCAL_PORT": c.vars["UNICASTRTP_LOCAL_PORT"]}
	m.start()
	// ARI-created leg: subscribed at creation, so Dial and the state change precede StasisStart.
	after := func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		defer s.notifyLocked()
		if c.gone {
			return
		}
		c.state = "Up"
		c.app = app
		s.emitLocked(app, "Dial", map[string]any{"peer": c.json(), "dialstatus": "ANSWER",
			"dialstring": fmt.Sprintf("%s/c(%s)", a.Str("external_host"), format)})
		s.emitLocked(app, "ChannelStateChange", map[string]any{"channel": c.json()})
		s.emitLocked(app, "StasisStart", map[string]any{"args": []any{}, "channel": c.json()})
	}
	return result{status: 200, body: body, after: []func(){after}}
}

func cmp(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
