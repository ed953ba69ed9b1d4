package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestShippedConfigLoads(t *testing.T) {
	c, err := Load(filepath.Join("..", "configs", "voicegate.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Call.EndSilence != 600*time.Millisecond || c.ASR.Provider != "sphinx" || c.HTTP.Addr != ":8080" {
		t.Fatalf("unexpected values: %+v", c)
	}
	if c.Dialog.DTMFMenu["0"] != "agent_request" {
		t.Fatalf("dtmf menu: %v", c.Dialog.DTMFMenu)
	}
}

func TestLoadErrors(t *testing.T) {
	cases := []struct {
		name, yaml, want string
	}{
		{"unknown key with line", "http:\n  addr: \":8080\"\n  adress: x\n", `unknown key "adress" at line 3`},
		{"unknown top key", "colour: red\n", `unknown key "colour" at line 1`},
		{"bad duration", "call:\n  end_silence: soon\n", `line 2: "soon" is not a duration`},
		{"bad type", "call:\n  max_no_input: lots\n", `line 2: "lots" is not a valid int`},
		{"bad value", "asr:\n  provider: watson\n", "asr.provider must be sphinx, openai or none"},
		{"bad lang", "call:\n  lang: fr\n", "call.lang must be en or zh"},
		{"llm without url", "dialog:\n  llm:\n    enabled: true\n", "dialog.llm.enabled needs"},
		{"bad ports", "ari:\n  url: http://a:8088/ari\n  rtp_ports: 5-1\n", "ari.rtp_ports"},
		{"bad dtmf key", "dialog:\n  dtmf_menu:\n    \"12\": x\n", "dtmf_menu key"},
		{"not yaml", "http: [\n", "line"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "c.yaml")
			if err := os.WriteFile(p, []byte(tc.yaml), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Load(p)
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want ErrInvalid containing %q", err, tc.want)
			}
		})
	}
}

func TestEnvOverrides(t *testing.T) {
	c := Default()
	env := map[string]string{"VOICEGATE_HTTP_ADDR": "127.0.0.1:9999", "VOICEGATE_DB": "/tmp/x.db",
		"VOICEGATE_ARI_URL": "http://pbx:8088/ari", "VOICEGATE_ARI_PASSWORD": "s3cret", "OPENAI_API_KEY": "k"}
	c.applyEnv(func(k string) string { return env[k] })
	if c.HTTP.Addr != "127.0.0.1:9999" || c.Database != "/tmp/x.db" || c.ARI.URL != "http://pbx:8088/ari" ||
		c.ARI.Password != "s3cret" || c.Dialog.LLM.APIKey != "k" {
		t.Fatalf("env not applied: %+v", c)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestMissingFile(t *testing.T) {
	if _, err := Load("/nonexistent/voicegate.yaml"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("got %v", err)
	}
}

// FuzzDecode: any bytes give a config or an error, never a panic.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{"http:\n  addr: \":8080\"\n", "call:\n  end_silence: 600ms\n", "a: [", "dialog:\n  dtmf_menu:\n    \"1\": x\n", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		c := Default()
		if err := decode(b, &c); err == nil {
			_ = c.Validate()
		}
	})
}

func TestKeypadOnlyProvider(t *testing.T) {
	c := Default()
	c.ASR.Provider = "none"
	if err := c.Validate(); err != nil {
		t.Fatalf("asr.provider none rejected: %v", err)
	}
}
